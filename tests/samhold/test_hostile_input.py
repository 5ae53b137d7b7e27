"""The hostile-input sweep (scripts/hostile_sweep.py, `make sweep`) in small, for every run of the
suite: a value of each kind into every field of the public forms and the directory's
parameters, and the raw requests (invalid UTF-8 and NUL unescaped, more than 1,000 fields, wrong
Content-Types and charsets, hostile headers), through the production WSGI application as
gunicorn calls it. Nothing may answer 5xx or show a script back unescaped, and one entry of each
form sent twice must save nothing the second time. `make sweep` sends all 300-odd values
against the real stack."""

import re
import time

import pytest

from facilitators.models import InfoMeeting
from tests.facilitators.meetings_helpers import make_meeting
from tests.factories import SelfHelpGroupFactory, StartUpFactory, UserFactory, facilitator_in
from tests.factories.research import recruiting_study
from tests.samhold.sweep_helpers import hostile_sweep, wsgi_transport

pytestmark = pytest.mark.django_db


# The kinds of value that have broken sites (or this one): one of each, to stay fast.
KINDS = ("NUL", "control", "long", "header injection", "html", "rtl", "emoji", "sql", "number", "email",
         "invalid UTF-8")


def one_of_each_kind(values):
    """The first value of each kind in KINDS (a label is its kind and a number)."""
    chosen, kinds = [], set()
    for label, value in values:
        kind = re.sub(r" \d+$", "", label)
        if kind in KINDS and kind not in kinds:
            kinds.add(kind)
            chosen.append((label, value))
    return chosen


@pytest.fixture
def public_site(site, places, themes, settings):
    # The sweep gives each request an address of its own, as a proxy would pass it on.
    settings.SAMHOLD_TRUSTED_PROXY_COUNT = 1
    group = SelfHelpGroupFactory(
        name="Sorggruppe Levanger", slug="sorggruppe-levanger", municipality=places["levanger"],
        themes=[themes["sorg"]], contact=UserFactory(email="kontakt@example.org", first_name="Kari"),
    )
    planned = SelfHelpGroupFactory(
        name="Ny sorggruppe Verdal", slug="ny-sorggruppe-verdal", municipality=places["verdal"],
        status="planned", open_places=None, contact=None, themes=[themes["sorg"]],
    )
    StartUpFactory(group=planned, facilitators=[facilitator_in(places["verdal"])])
    meeting = make_meeting(planned, capacity=1)
    study = recruiting_study(themes=[themes["sorg"]])
    return {"group": group, "meeting": meeting, "study": study}


def test_hostile_values_in_every_public_form_get_a_4xx_or_a_page_and_nothing_is_saved_twice(public_site):
    values = one_of_each_kind(hostile_sweep.hostile_values())
    assert len(hostile_sweep.hostile_values()) >= 300
    assert len(values) == len(KINDS)
    pages = [
        "/finn-gruppe/",
        "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/",
        f"/informasjonsmoter/{public_site['meeting'].pk}/meld-pa/",
        "/meld-interesse/",
        "/mine-opplysninger/",
        f"/forskning/{public_site['study'].slug}/",
        "/min-side/logg-inn/",
        "/min-side/glemt-passord/",
        "/min-side/bli-igangsetter/",
        "/min-side/forsker/soknad/",
    ]
    started = time.monotonic()
    with wsgi_transport() as transport:
        report = hostile_sweep.sweep(transport, values=values, workers=1, db_check=True, pages=pages,
                                     follow=False, raw=False, log=lambda line: None)
        forms, _parameters = hostile_sweep.discover(transport, pages, follow=False, log=lambda line: None)
        # The raw requests against two forms (one public POST form, one GET form) and the site.
        visitor = hostile_sweep.Visitor(transport)
        for form in forms:
            if form.action in ("/meld-interesse/", "/finn-gruppe/") and form.page == form.action:
                visitor, token = hostile_sweep.form_session(transport, form)
                hostile_sweep.run_jobs(hostile_sweep.jobs_raw(form, visitor, token, report), 1)
        hostile_sweep.run_jobs(hostile_sweep.jobs_raw_requests(visitor, report, ["/finn-gruppe/"]), 1)
    print(report.summary(), f"{time.monotonic() - started:.1f} s")
    actions = {form.action for form in forms}
    # Every kind of public form was found and swept.
    for action in ("/finn-gruppe/", "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/", "/meld-interesse/",
                   f"/informasjonsmoter/{public_site['meeting'].pk}/meld-pa/", "/mine-opplysninger/",
                   f"/forskning/{public_site['study'].slug}/meld-deg/", "/min-side/logg-inn/",
                   "/min-side/glemt-passord/", "/min-side/bli-igangsetter/", "/min-side/forsker/soknad/"):
        assert action in actions, action
    assert report.sent > 500
    assert report.by_status[400] > 0 and report.by_status[403] > 0
    assert report.by_class["2xx"] > 0 and report.by_class["4xx"] > 0
    assert [str(finding) for finding in report.findings] == []
    assert InfoMeeting.objects.count() == 1
