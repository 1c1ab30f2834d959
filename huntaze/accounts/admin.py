"""Admin for operators. Session material is never shown: the ciphertext field is not editable."""

from django.contrib import admin

from huntaze.accounts.models import Membership, OnlyFansAccount, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "team", "role")
    list_filter = ("role",)
    filter_horizontal = ("accounts",)


@admin.register(OnlyFansAccount)
class OnlyFansAccountAdmin(admin.ModelAdmin):
    list_display = ("username", "team", "status", "last_sync_at", "has_session")
    list_filter = ("status",)
    search_fields = ("username", "display_name")
    readonly_fields = ("session_updated_at", "last_sync_at")
    exclude = ("session_ciphertext",)

    @admin.display(boolean=True, description="session stored")
    def has_session(self, obj: OnlyFansAccount) -> bool:
        return obj.has_session
