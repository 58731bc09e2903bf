from django.urls import path

from theodoi.reports import views, views_round

app_name = "reports"

urlpatterns = [
    path("", views.mine_view, name="mine"),
    path("dot/", views.rounds_view, name="rounds"),
    path("dot/<int:pk>/", views_round.round_view, name="round"),
    path("dot/<int:pk>/xuat.xlsx", views_round.round_export_view, name="round_export"),
    path("dot/<int:pk>/nhac/", views.remind_view, name="remind"),
    path("dot/<int:pk>/mau/", views.template_view, name="template"),
    path("dot-xuat/moi/", views.adhoc_create_view, name="adhoc_create"),
    path("yeu-cau/<int:pk>/", views.request_view, name="request"),
    path("yeu-cau/<int:pk>/nop/", views.submit_view, name="submit"),
    path("yeu-cau/<int:pk>/tiep-nhan/", views.review_view, {"decision": "accept"}, name="accept"),
    path("yeu-cau/<int:pk>/tra-lai/", views.review_view, {"decision": "return"}, name="return"),
    path("yeu-cau/<int:pk>/mo-lai/", views.review_view, {"decision": "reopen"}, name="reopen"),
    path("yeu-cau/<int:pk>/tep/", views.attach_view, name="attach"),
    path("yeu-cau/<int:pk>/tep/<int:file_id>/", views.file_view, name="file"),
    path("yeu-cau/<int:pk>/tep/<int:file_id>/go/", views.detach_view, name="detach"),
    path("yeu-cau/<int:pk>/lan/<int:number>/", views.version_view, name="version"),
]
