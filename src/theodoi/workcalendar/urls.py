from django.urls import path

from theodoi.workcalendar import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.current_year, name="current"),
    path("<int:year>/", views.year_view, name="year"),
    path("dieu-chinh/moi/", views.override_create_view, name="override_create"),
    path("dieu-chinh/<int:pk>/", views.override_edit_view, name="override_edit"),
    path("dieu-chinh/<int:pk>/huy/", views.override_delete_view, name="override_delete"),
]
