"""API tokens in the admin: who holds which (by prefix), never the hash; created and revoked in
the dashboard or API, where it is audited."""

from django.contrib import admin
from django.http import HttpRequest

from huntaze.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "team", "created_by", "created_at", "last_used_at", "revoked_at")
    list_filter = ("team",)
    search_fields = ("name", "prefix")
    fields = ("name", "prefix", "team", "created_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
