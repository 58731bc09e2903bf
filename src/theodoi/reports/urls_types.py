from django.urls import path

from theodoi.reports import views_types

app_name = "report_types"
urlpatterns = [
    path("", views_types.type_list, name="list"),
    path("moi/", views_types.type_create, name="create"),
    path("<int:pk>/", views_types.type_edit, name="edit"),
]
