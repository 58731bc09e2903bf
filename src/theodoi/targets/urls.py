from django.urls import path

from theodoi.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.target_list, name="list"),
    path("them/", views.target_create_view, name="create"),
    path("tep/<int:pk>/", views.evidence_file, name="file"),
    path("<slug:code>/", views.target_detail, name="detail"),
    path("<slug:code>/nhap/", views.actual_enter_view, name="enter"),
    path("<slug:code>/sua/", views.target_edit_view, name="edit"),
    path("<slug:code>/ngung/", views.target_retire_view, name="retire"),
]
