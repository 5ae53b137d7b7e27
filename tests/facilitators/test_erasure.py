"""Erasure: one person goes through every flow that takes personal data — a message to a group,
an interest registration, a meeting sign-up, an application that becomes a facilitator account
with a login — and then deletes everything themselves. Afterwards no table holds their
address, name or phone number (the record keeps no personal data)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection

from facilitators.models import FacilitatorApplication
from tests.facilitators.meetings_helpers import confirm_path, make_meeting, manage_path
from tests.factories import StartUpFactory

EMAIL = "ingeborg.sletting@example.net"
NAME = "Ingeborg Slettesen"
PHONE = "93 21 45 67"
TRACES = [EMAIL, "ingeborg", "slettesen", PHONE, PHONE.replace(" ", "")]


def _link(body, marker):
    line = next(line for line in body.splitlines() if marker in line)
    return line[line.index("/", line.index("//") + 2):].strip()


def every_value_in_the_database() -> str:
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names
            values.extend(str(value) for row in cursor.fetchall() for value in row)
    for session in Session.objects.all():
        values.append(str(SessionStore().decode(session.session_data)))
    return "\n".join(values).lower()


@pytest.mark.django_db
def test_a_person_who_deletes_everything_leaves_no_trace(client, post, people, places, themes, site, committed):
    coordinator = people["coordinator"]
    group = StartUpFactory(
        group__name="Sorggruppe Levanger", group__slug="sorggruppe-levanger", group__municipality=places["levanger"],
        group__themes=[themes["sorg"]], group__live=True, group__status="recruiting",
        group__contact=people["facilitator"], facilitators=[people["facilitator"]],
    ).group
    meeting = make_meeting(group, capacity=5)

    # 1. A message to the group (delivered, then wiped from the outbox).
    response = post(f"/finn-gruppe/trondelag/levanger/{group.slug}/",
                    {"name": NAME, "email": EMAIL, "message": f"Hei, ring meg på {PHONE}.", "consent": "on"})
    assert response.status_code == 302, response.status_code

    # 2. An interest registration, confirmed, then a facilitator writes to the interested.
    post("/meld-interesse/", {"themes": [themes["sorg"].pk], "municipality": places["levanger"].pk,
                              "radius_km": 0, "email": EMAIL, "phone": PHONE, "message": f"Jeg heter {NAME}.",
                              "consent": "on"})
    post(_link(mail.outbox[-1].body, "/meld-interesse/bekreft/"), {"action": "confirm"})
    interest_page = _link(mail.outbox[-1].body, "/meld-interesse/din/")
    facilitator = client.__class__()
    facilitator.force_login(people["facilitator"])
    post(f"/min-side/grupper/{group.pk}/interesserte/skriv/", {"message": "Velkommen til informasjonsmøtet!"},
         client_=facilitator)

    # 3. A sign-up for the information meeting, confirmed.
    post(f"/informasjonsmoter/{meeting.pk}/meld-pa/", {"name": NAME, "email": EMAIL, "phone": PHONE, "consent": "on"})
    post(confirm_path(mail.outbox[-1].body), {"action": "confirm"})
    signup_page = manage_path(mail.outbox[-1].body)

    # 4. An application, approved: an account, a password, a login, a failed login.
    post("/min-side/bli-igangsetter/", {"name": NAME, "email": EMAIL, "phone": PHONE,
                                        "municipality": places["levanger"].pk,
                                        "background": "Jeg har vært med i en sorggruppe i tre år.", "consent": "on"})
    application = FacilitatorApplication.objects.get(email=EMAIL)
    from facilitators.services.accounts import facilitator_application_approve

    committed(facilitator_application_approve, application=application, decided_by=coordinator)
    set_password = _link(mail.outbox[-1].body, "/min-side/velg-passord/")
    start = client.get(set_password)
    password = "et-helt-eget-passord-77"
    client.post(start["Location"], {"new_password1": password, "new_password2": password})
    client.post("/min-side/logg-inn/", {"username": EMAIL, "password": "feil-passord-00000"})
    assert client.post("/min-side/logg-inn/", {"username": EMAIL, "password": password}).status_code == 302
    assert EMAIL in every_value_in_the_database()
    # On the way: no e-mail's subject named the group or its theme (subjects show on lock screens).
    from outbox.models import OutgoingEmail

    assert not OutgoingEmail.objects.filter(subject__icontains="sorg").exists()

    # Now the person deletes it all, each from its own page.
    assert client.post(f"{interest_page}slett/", {"confirm_delete": "yes"}).status_code == 302
    assert client.post(signup_page, {"confirm_delete": "yes"}).status_code == 200
    assert post("/min-side/slett-konto/", {"password": password, "understood": "on"}, client_=client).status_code == 302

    stored = every_value_in_the_database()
    left = [trace for trace in TRACES if trace.lower() in stored]
    assert left == [], f"still stored: {left}"
