"""Information meetings' URLs, included by facilitators.urls (so their names are
facilitators:meeting_…). Public pages first, then Min side."""

from django.urls import path

from .views import meetings, privacy

urlpatterns = [
    path("informasjonsmoter/", meetings.meetings_upcoming, name="meetings_upcoming"),
    path("informasjonsmoter/<int:pk>/meld-pa/", meetings.meeting_signup, name="meeting_signup"),
    path("informasjonsmoter/<int:pk>/meld-pa/takk/", meetings.meeting_signup_done, name="meeting_signup_done"),
    path("informasjonsmoter/bekreft/<str:token>/", meetings.meeting_signup_confirm, name="meeting_signup_confirm"),
    path("informasjonsmoter/pamelding/<str:token>/", meetings.meeting_signup_manage, name="meeting_signup_manage"),
    path("informasjonsmoter/pamelding/<str:token>/kalender.ics", meetings.meeting_ics, name="meeting_ics"),
    path("informasjonsmoter/pamelding/<str:token>/data.json", privacy.signup_export, name="signup_export"),
    path("min-side/grupper/<int:pk>/informasjonsmote/ny/", meetings.meeting_create, name="meeting_create"),
    path("min-side/informasjonsmoter/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("min-side/informasjonsmoter/<int:pk>/endre/", meetings.meeting_edit, name="meeting_edit"),
    path("min-side/informasjonsmoter/<int:pk>/avlys/", meetings.meeting_cancel, name="meeting_cancel"),
    path(
        "min-side/informasjonsmoter/<int:pk>/pameldinger/<int:signup_pk>/",
        meetings.signup_phone_decision,
        name="signup_phone_decision",
    ),
]
