from django.urls import path

from theodoi.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("tao-nhiem-vu/", views.generate_view, name="generate"),
    path("<int:year>/<slug:duty>/<str:period>/", views.occurrence_view, name="occurrence"),
]
