from django.urls import path

from theodoi.partners import meeting_views, views

app_name = "partners"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("tao-nhiem-vu/", views.generate_view, name="generate"),
    path("hop/", meeting_views.list_view, name="meetings"),
    path("hop/ghi/", meeting_views.create_view, name="meeting_create"),
    path("hop/<int:pk>/", meeting_views.detail_view, name="meeting"),
    path("hop/<int:pk>/ket-luan/", meeting_views.conclusion_view, name="conclusion_add"),
    path("hop/<int:pk>/thong-bao/", meeting_views.notice_view, name="notice"),
    path("hop/<int:pk>/tep/<slug:which>/", meeting_views.file_view, name="meeting_file"),
    path("ket-luan/<int:pk>/giao/", meeting_views.assign_view, name="conclusion_assign"),
    path("<int:year>/<slug:duty>/<str:period>/", views.occurrence_view, name="occurrence"),
]
