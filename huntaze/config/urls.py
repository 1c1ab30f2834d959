from django.contrib import admin
from django.urls import include, path

from huntaze.config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("huntaze.web.urls")),
    path("onlyfans/inbox/", include("huntaze.inbox.urls")),
    path("onlyfans/fans/", include("huntaze.fans.urls")),
    path("onlyfans/content/", include("huntaze.content.urls")),
    path("onlyfans/analytics/", include("huntaze.analytics.urls")),
    path("onlyfans/settings/", include("huntaze.accounts.urls")),
    path("onlyfans/audit/", include("huntaze.audit.urls")),
    path("account/security/", include("huntaze.security.urls")),
    path("onlyfans/segments/", include("huntaze.segments.urls")),
    path("onlyfans/campaigns/", include("huntaze.campaigns.urls")),
    path("onlyfans/shifts/", include("huntaze.shifts.urls")),
    path("onlyfans/replies/", include("huntaze.replies.urls")),
    path("onlyfans/notes/", include("huntaze.notes.urls")),
    path("onlyfans/exports/", include("huntaze.exports.urls")),
    path("onlyfans/activity/", include("huntaze.events.urls")),
    path("onlyfans/webhooks/", include("huntaze.webhooks.urls")),
    path("onlyfans/performance/", include("huntaze.attribution.urls")),
]
