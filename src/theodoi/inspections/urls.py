from django.urls import path

from theodoi.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("<int:pk>/", views.detail_view, name="detail"),
]
