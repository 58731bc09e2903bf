from django.contrib.auth import views as auth_views
from django.urls import path

from theodoi.accounts import profile_views, signin_views, token_views, views

app_name = "accounts"
urlpatterns = [
    path("nguoi-dung/", views.user_list, name="list"),
    path("nguoi-dung/moi/", views.user_create_view, name="create"),
    path("nguoi-dung/<int:pk>/", views.user_edit_view, name="edit"),
    path("nguoi-dung/<int:pk>/mat-khau/", views.user_password_view, name="password"),
    path(
        "nguoi-dung/<int:pk>/xac-thuc-hai-buoc/",
        views.user_second_factor_view,
        name="second_factor",
    ),
    path("nguoi-dung/<int:pk>/khoa-api/", token_views.user_tokens_view, name="tokens"),
    path(
        "nguoi-dung/<int:pk>/khoa-api/<int:token_pk>/thu-hoi/",
        token_views.user_token_revoke_view,
        name="token_revoke",
    ),
]
auth_urls = [
    path("dang-nhap/", signin_views.LoginView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", signin_views.code_view, name="signin_code"),
    path("dang-nhap/cai-dat-xac-thuc/", signin_views.enrol_view, name="signin_enrol"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's names, which its reset views use for one another
    path("quen-mat-khau/", signin_views.ForgotPasswordView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        signin_views.ForgotPasswordSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        signin_views.ResetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        signin_views.ResetPasswordDoneView.as_view(),
        name="password_reset_complete",
    ),
]
profile_urls = (
    [
        path("", profile_views.profile, name="home"),
        path("mat-khau/", profile_views.password_change_view, name="password"),
        path("xac-thuc-hai-buoc/", profile_views.enrol_view, name="enrol"),
        path("xac-thuc-hai-buoc/tat/", profile_views.turn_off_view, name="turn_off"),
        path("ma-du-phong/", profile_views.recovery_codes_view, name="recovery_codes"),
        path("khoa-api/moi/", token_views.token_create_view, name="token_create"),
        path("khoa-api/<int:pk>/", token_views.token_view, name="token"),
        path("khoa-api/<int:pk>/thu-hoi/", token_views.token_revoke_view, name="token_revoke"),
    ],
    "profile",
)
