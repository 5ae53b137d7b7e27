"""Research recruitment's URLs, included by the project's URLs in both languages. The public
pages live under /forskning/ (/en/research/), researchers' pages under Min side."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import accounts, groups, public, recruitment, studies, volunteers

app_name = "research"

urlpatterns = [
    # The public: recruiting studies and volunteering for one (views/public.py, views/volunteers.py)
    path(_("research/"), public.study_list, name="public_list"),
    path(_("research/<slug:slug>/"), public.study_page, name="public_study"),
    path(_("research/<slug:slug>/information-letter.pdf"), public.information_letter, name="public_letter"),
    path(_("research/<slug:slug>/volunteer/"), volunteers.volunteer, name="volunteer"),
    path(_("research/volunteer/sent/"), volunteers.volunteer_sent, name="volunteer_sent"),
    path(_("research/volunteer/confirm/<str:token>/"), volunteers.confirm, name="volunteer_confirm"),
    path(_("research/volunteer/yours/<str:token>/"), volunteers.manage, name="volunteer_manage"),
    path(_("research/volunteer/yours/<str:token>/withdraw/"), volunteers.withdraw, name="volunteer_withdraw"),
    path(_("research/volunteer/withdrawn/"), volunteers.withdrawn, name="volunteer_withdrawn"),
    # Researchers' accounts (views/accounts.py)
    path("min-side/forsker/soknad/", accounts.apply, name="apply"),
    path("min-side/forsker/soknad/mottatt/", accounts.apply_received, name="apply_received"),
    # Researchers' studies (views/studies.py)
    path("min-side/forskning/", studies.home, name="home"),
    path("min-side/forskning/ny/", studies.study_create, name="study_create"),
    path("min-side/forskning/<int:pk>/", studies.study_detail, name="study_detail"),
    path("min-side/forskning/<int:pk>/endre/", studies.study_edit, name="study_edit"),
    path("min-side/forskning/<int:pk>/send/", studies.study_submit, name="study_submit"),
    path("min-side/forskning/<int:pk>/avslutt/", studies.study_close, name="study_close"),
    path("min-side/forskning/<int:pk>/informasjonsskriv.pdf", studies.study_letter, name="study_letter"),
    # A study's volunteers, messages and findings (views/recruitment.py)
    path("min-side/forskning/<int:pk>/frivillige/", recruitment.volunteers, name="study_volunteers"),
    path("min-side/forskning/<int:pk>/frivillige.csv", recruitment.export, name="study_export"),
    path("min-side/forskning/<int:pk>/frivillige/<int:volunteer>/", recruitment.volunteer_status, name="volunteer_status"),
    path("min-side/forskning/<int:pk>/skriv/", recruitment.message, name="study_message"),
    path("min-side/forskning/<int:pk>/resultater/", recruitment.findings, name="study_findings"),
    # Groups asked about a study (views/groups.py)
    path("min-side/forskning/<int:pk>/grupper/", groups.study_groups, name="study_groups"),
    path("min-side/forskning/<int:pk>/grupper/skriv/", groups.study_groups_message, name="study_groups_message"),
    path("min-side/forskningsforesporsler/", groups.invitations, name="group_invitations"),
    path("min-side/forskningsforesporsler/<int:pk>/", groups.invitation_answer, name="group_invitation_answer"),
    path("min-side/forskningsforesporsler/<int:pk>/oppslag/", groups.handout, name="handout"),
]
