from django.urls import path

from theodoi.signing import views

app_name = "signing"
urlpatterns = [
    path("kiem-tra-chu-ky/", views.check_view, name="check"),
    path("tep/<int:pk>/chu-ky/", views.attachment_check, name="attachment"),
]
