from django.urls import include, path

from theodoi.accounts.urls import auth_urls, profile_urls
from theodoi.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("", include("theodoi.accounts.urls")),
    *auth_urls,
    path("tai-khoan/", include(profile_urls)),
    path("don-vi/", include("theodoi.organisation.urls")),
    path("lich/", include("theodoi.workcalendar.urls")),
    path("nhat-ky/", include("theodoi.audit.urls")),
    path("", include("theodoi.tasks.urls")),
    path("ke-hoach/", include("theodoi.imports.urls")),
    path("thong-bao/", include("theodoi.notifications.urls")),
    path("", include("theodoi.monitoring.urls")),
    path("danh-gia/", include("theodoi.evaluation.urls")),
    path("", include("theodoi.signing.urls")),
    path("bao-cao/loai/", include("theodoi.reports.urls_types")),
    path("bao-cao/co-quan/", include("theodoi.reports.urls_agency")),
    path("bao-cao/", include("theodoi.reports.urls")),
    path("bieu-mau/", include("theodoi.statforms.urls")),
    path("api/v1/", include("theodoi.api.urls")),
    path("quan-tri/webhook/", include("theodoi.webhooks.urls")),
    path("chi-tieu/", include("theodoi.targets.urls")),
    path("phoi-hop/", include("theodoi.partners.urls")),
    path("kiem-tra/", include("theodoi.inspections.urls")),
]

handler403 = "theodoi.core.views.forbidden"
handler404 = "theodoi.core.views.not_found"
