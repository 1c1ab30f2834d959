from django.urls import path
from django.views.generic import RedirectView

from huntaze.security import views as security_views
from huntaze.web import views

app_name = "web"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="web:hub", permanent=False)),
    path("login/", security_views.login_view, name="login"),
    path("logout/", security_views.logout_view, name="logout"),
    path("onlyfans/", views.hub, name="hub"),
    path("onlyfans/account/", views.account_select_view, name="account_select"),
    path("onlyfans/accounts/<int:account_id>/sync-status/", views.account_sync_status, name="sync_status"),
    path("onlyfans/accounts/<int:account_id>/sync/", views.account_sync_now, name="sync_now"),
    path("metrics", views.metrics, name="metrics"),
]
