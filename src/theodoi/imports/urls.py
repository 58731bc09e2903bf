from django.urls import path

from theodoi.imports import views

app_name = "imports"
urlpatterns = [
    path("nhap/", views.upload_view, name="upload"),
    path("nhap/<int:pk>/", views.preview_view, name="preview"),
    path("nhap/<int:pk>/dong/<int:number>/", views.row_view, name="row"),
    path("nhap/<int:pk>/ghi/", views.commit_view, name="commit"),
    path("nhap/<int:pk>/bo/", views.discard_view, name="discard"),
]
