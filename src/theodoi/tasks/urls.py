from django.urls import path

from theodoi.tasks import action_views, views
from theodoi.tasks.obstacles import views as obstacle_views

app_name = "tasks"
urlpatterns = [
    path("nhiem-vu/", views.task_list, name="list"),
    path("nhiem-vu/xuat.xlsx", views.task_export, name="export"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="detail"),
    path("nhiem-vu/<int:pk>/kho-khan/", obstacle_views.obstacle_raise, name="obstacle_raise"),
    path("nhiem-vu/<int:pk>/<str:act>/", action_views.task_act, name="act"),
    path("viec-cua-toi/", views.my_work_view, name="mine"),
    path("thong-ke/", views.stats_view, name="stats"),
    path("van-ban/", views.document_list_view, name="documents"),
    path("van-ban/moi/", views.document_create, name="document_create"),
    path("van-ban/<int:pk>/", views.document_detail, name="document"),
    path("van-ban/<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("van-ban/<int:pk>/nhiem-vu-moi/", views.task_create, name="task_create"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("don-vi/<int:pk>/chuyen-nhiem-vu/", views.handover_view, name="handover"),
    path("kho-khan/", obstacle_views.obstacle_queue, name="obstacles"),
    path("kho-khan/xuat.xlsx", obstacle_views.obstacle_export, name="obstacle_export"),
    path("kho-khan/<int:pk>/", obstacle_views.obstacle_detail, name="obstacle"),
    path("kho-khan/<int:pk>/trinh/", obstacle_views.obstacle_refer, name="obstacle_refer"),
    path("kho-khan/<int:pk>/chi-dao/", obstacle_views.obstacle_decide, name="obstacle_decide"),
]
