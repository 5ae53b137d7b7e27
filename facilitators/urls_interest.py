"""URLs for interest registrations ("Meld interesse"), included into facilitators.urls."""

from django.urls import path

from .views import interest, privacy

urlpatterns = [
    path("meld-interesse/", interest.register, name="interest_register"),
    path("meld-interesse/sendt/", interest.registered, name="interest_registered"),
    path("meld-interesse/slettet/", interest.deleted, name="interest_deleted"),
    path("meld-interesse/bekreft/<str:token>/", interest.confirm, name="interest_confirm"),
    path("meld-interesse/din/<str:token>/", interest.manage, name="interest_manage"),
    path("meld-interesse/din/<str:token>/slett/", interest.delete, name="interest_delete"),
    path("meld-interesse/din/<str:token>/data.json", privacy.interest_export, name="interest_export"),
    path("meld-interesse/din/<str:token>/forny/", interest.renew, name="interest_renew"),
    path("min-side/ettersporsel/", interest.demand, name="demand"),
    path("min-side/grupper/<int:pk>/interesserte/", interest.group_interest, name="group_interest"),
    path("min-side/grupper/<int:pk>/interesserte/skriv/", interest.message_send, name="interest_message_send"),
]
