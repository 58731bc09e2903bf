from django.urls import path

from theodoi.inspections import (
    creation_views,
    decision_views,
    file_views,
    plan_views,
    results_views,
    views,
)

app_name = "inspections"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("them/", creation_views.create_view, name="create"),
    path("ke-hoach/", plan_views.plans_view, name="plans"),
    path("ke-hoach/them/", plan_views.plan_create_view, name="plan_create"),
    path("ke-hoach/<int:year>/", plan_views.plan_view, name="plan"),
    path("ke-hoach/<int:year>/sua/", plan_views.plan_edit_view, name="plan_edit"),
    path("ke-hoach/<int:year>/phe-duyet/", plan_views.plan_approve_view, name="plan_approve"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/sua/", creation_views.edit_view, name="edit"),
    path("<int:pk>/ho-so/them/", file_views.add_view, name="file_add"),
    path("<int:pk>/ho-so/ban-giao/", file_views.archive_view, name="file_archive"),
    path("<int:pk>/ho-so/tep/<int:file_id>/", file_views.download_view, name="file_download"),
    path("<int:pk>/quyet-dinh/", decision_views.decision_view, name="decision"),
    path("<int:pk>/quyet-dinh/du-thao/", decision_views.decision_draft, name="decision_draft"),
    path("<int:pk>/quyet-dinh/tep/", decision_views.decision_file, name="decision_file"),
    path("<int:pk>/thanh-vien/", decision_views.propose_view, name="propose"),
    path("thanh-vien/<int:pk>/duyet/", decision_views.member_decide_view, name="member_decide"),
    path("<int:pk>/yeu-cau-ho-so/", results_views.request_view, name="records_request"),
    path("<int:pk>/bao-cao/", results_views.report_view, name="report"),
    path("<int:pk>/bao-cao/gui-doi-tac/", results_views.send_view, name="report_send"),
    path("<int:pk>/thong-bao/", results_views.notice_view, name="notice"),
    path(
        "<int:pk>/kien-nghi/<int:number>/giao/",
        results_views.assign_view,
        name="recommendation_assign",
    ),
]
