from django.urls import path

from huntaze.accounts.views import connections, team

app_name = "settings"

urlpatterns = [
    path("", connections.index, name="index"),
    path("connect/", connections.connect, name="connect"),
    path(
        "accounts/<int:account_id>/preferences/", connections.account_preferences, name="account_preferences"
    ),
    path("accounts/<int:account_id>/reauth/", connections.reauth, name="reauth"),
    path("accounts/<int:account_id>/disconnect/", connections.disconnect, name="disconnect"),
    path("members/", team.members, name="members"),
    path("members/add/", team.member_add, name="member_add"),
    path("members/create/", team.member_create, name="member_create"),
    path("members/workflow/", team.team_workflow, name="team_workflow"),
    path("members/<int:membership_id>/role/", team.member_role, name="member_role"),
    path("members/<int:membership_id>/accounts/", team.member_accounts, name="member_accounts"),
    path("members/<int:membership_id>/remove/", team.member_remove, name="member_remove"),
    path("tokens/", team.tokens, name="tokens"),
    path("tokens/create/", team.token_create, name="token_create"),
    path("tokens/<int:token_id>/revoke/", team.token_revoke, name="token_revoke"),
]
