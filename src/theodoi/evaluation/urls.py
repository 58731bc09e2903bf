from django.urls import path

from theodoi.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("xep-hang/", views.ranking_view, name="ranking"),
    path("don-vi/<int:pk>/", views.scorecard_view, name="scorecard"),
    path("cong-thuc/", views.formula_view, name="formula"),
]
