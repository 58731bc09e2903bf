from django.urls import path

from theodoi.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("moi/", views.subscription_create, name="create"),
    path("<int:pk>/", views.subscription_detail, name="detail"),
    path("<int:pk>/sua/", views.subscription_edit, name="edit"),
    path("<int:pk>/khoa-moi/", views.subscription_new_secret, name="new_secret"),
    path("lan-gui/<int:pk>/gui-lai/", views.delivery_resend, name="resend"),
]
