"""The Excel template's addresses, included into `statforms/urls.py` (app "statforms")."""

from django.urls import URLPattern, path

from theodoi.statforms import views_workbook

urlpatterns: list[URLPattern] = [
    path("<int:pk>/mau.xlsx", views_workbook.template_view, name="template"),
    path("<int:pk>/tai-len/", views_workbook.upload_view, name="upload"),
]
