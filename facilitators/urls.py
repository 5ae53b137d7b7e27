from django.urls import include, path

from .views import accounts, groups, privacy, two_factor

app_name = "facilitators"

urlpatterns = [
    # Accounts
    path("min-side/", accounts.home, name="home"),
    path("min-side/logg-inn/", accounts.LoginView.as_view(), name="login"),
    path("min-side/logg-ut/", accounts.LogoutView.as_view(), name="logout"),
    path("min-side/glemt-passord/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("min-side/glemt-passord/sendt/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "min-side/nytt-passord/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("min-side/nytt-passord/ferdig/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("min-side/bli-igangsetter/", accounts.application, name="application"),
    path("min-side/bli-igangsetter/mottatt/", accounts.application_received, name="application_received"),
    path("min-side/velg-passord/<uidb64>/<token>/", accounts.SetPasswordView.as_view(), name="set_password"),
    path("min-side/bli-igangsetter/din/<str:token>/", privacy.application_manage, name="application_manage"),
    path("min-side/bli-igangsetter/din/<str:token>/data.json", privacy.application_export, name="application_export"),
    # A person's own data
    path("mine-opplysninger/", privacy.my_links, name="my_links"),
    path("mine-opplysninger/sendt/", privacy.my_links_sent, name="my_links_sent"),
    path("min-side/mine-opplysninger/", privacy.account, name="account"),
    path("min-side/mine-opplysninger/data.json", privacy.account_export, name="account_export"),
    path("min-side/slett-konto/", privacy.account_delete_view, name="account_delete"),
    # Two-factor login
    path("min-side/totrinn/", two_factor.status, name="second_factor"),
    path("min-side/totrinn/kode/", two_factor.verify, name="second_factor_verify"),
    path("min-side/totrinn/sett-opp/", two_factor.setup, name="second_factor_setup"),
    path("min-side/totrinn/nye-koder/", two_factor.codes_renew, name="second_factor_codes"),
    path("min-side/totrinn/skru-av/", two_factor.disable, name="second_factor_disable"),
    # Groups and their start-ups, for facilitators and group contacts
    path("min-side/grupper/ny/", groups.group_create, name="group_create"),
    path("min-side/grupper/<int:pk>/", groups.group_detail, name="group_detail"),
    path("min-side/grupper/<int:pk>/endre/", groups.group_edit, name="group_edit"),
    path("min-side/grupper/<int:pk>/forhandsvisning/", groups.group_preview, name="group_preview"),
    path("min-side/grupper/<int:pk>/send-til-godkjenning/", groups.group_submit, name="group_submit"),
    path("min-side/grupper/<int:pk>/fase/", groups.startup_stage, name="startup_stage"),
    path("min-side/grupper/<int:pk>/kontaktperson/", groups.contact_invite, name="contact_invite"),
    path("min-side/grupper/<int:pk>/oppfolging/", groups.follow_up, name="follow_up"),
    # Information meetings
    path("", include("facilitators.urls_meetings")),

    # Interest registrations
    path("", include("facilitators.urls_interest")),

]
