from django.urls import path

from theodoi.audit import views

app_name = "audit"
urlpatterns = [path("", views.change_list_view, name="list")]
