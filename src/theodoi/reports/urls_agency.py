from django.urls import path

from theodoi.reports.agency import views

app_name = "reports_agency"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("ban/<int:pk>/tai-ve/", views.version_download, name="download"),
    path("<str:period>/", views.preview_view, name="preview"),
    path("<str:period>/sua/", views.edit_view, name="edit"),
    path("<str:period>/ban-hanh/", views.issue_view, name="issue"),
    path("<str:period>/tai-word/", views.word_view, name="word"),
]
