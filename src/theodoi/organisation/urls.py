from django.urls import path

from theodoi.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("moi/", views.unit_create_view, name="create"),
    path("goi-y/", views.suggestions_view, name="suggestions"),
    path("ke-thua/", views.succession_view, name="succession"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.unit_edit_view, name="edit"),
    path("<int:pk>/doi-ten/", views.rename_view, name="rename"),
]
