from django.urls import path

from theodoi.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("tong-quan/", views.dashboard_view, name="dashboard"),
    path("nhac-viec/cau-hinh/", views.policy_view, name="policy"),
    path("don-vi/<int:pk>/don-doc/", views.urge_view, name="urge"),
    path("don-doc/<int:pk>/tai-ve/", views.letter_download, name="letter"),
    path("don-doc/<int:pk>/ky-so/", views.letter_sign, name="sign"),
    path("don-doc/<int:pk>/ban-ky-so/", views.letter_signed, name="signed"),
]
