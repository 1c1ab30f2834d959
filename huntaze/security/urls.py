from django.urls import path

from huntaze.security import views

app_name = "security"

urlpatterns = [
    path("", views.index, name="index"),
    path("login/code/", views.login_code, name="login_code"),
    path("two-factor/start/", views.totp_start, name="totp_start"),
    path("two-factor/", views.totp_enrol, name="totp_enrol"),
    path("two-factor/disable/", views.totp_disable_view, name="totp_disable"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("sessions/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("teams/<int:team_id>/two-factor/", views.team_policy, name="team_policy"),
    path("members/<int:membership_id>/unlock/", views.member_unlock, name="member_unlock"),
]
