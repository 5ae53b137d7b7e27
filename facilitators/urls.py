from django.urls import path

from . import views

app_name = "facilitators"

urlpatterns = [
    path("min-side/", views.home, name="home"),
    path("min-side/logg-inn/", views.LoginView.as_view(), name="login"),
    path("min-side/logg-ut/", views.LogoutView.as_view(), name="logout"),
    path("min-side/glemt-passord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("min-side/glemt-passord/sendt/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "min-side/nytt-passord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("min-side/nytt-passord/ferdig/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("min-side/bli-igangsetter/", views.application, name="application"),
    path("min-side/bli-igangsetter/mottatt/", views.application_received, name="application_received"),
    path("min-side/velg-passord/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
]
