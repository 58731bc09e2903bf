from django.urls import path

from theodoi.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("chuong/", views.notification_bell, name="bell"),
    path("da-doc/", views.notification_read_all, name="read_all"),
    path("cach-nhan/", views.preference_view, name="preference"),
]
