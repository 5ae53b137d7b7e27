"""A session ends at logout and after 60 minutes without a request."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from .conftest import PASSWORD

HOME = reverse("facilitators:home")
LOGOUT = reverse("facilitators:logout")


@pytest.mark.django_db
def test_logout_deletes_the_session_and_min_side_asks_for_login_again(client, person, log_in):
    log_in(person.email, PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response.url == reverse("facilitators:login")
    assert not SessionStore().exists(key)
    assert client.get(HOME).status_code == 302
    assert "Du er logget ut." in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_logout_by_get_is_refused(client, person, log_in):
    log_in(person.email, PASSWORD)
    assert client.get(LOGOUT).status_code == 405
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_session_ends_after_60_minutes_without_a_request(client, person, log_in):
    log_in(person.email, PASSWORD)
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=50)):
        assert client.get(HOME).status_code == 200
    # 50 + 55 minutes: more than an hour since login, but active within the last hour.
    with time_machine.travel(start + datetime.timedelta(minutes=105)):
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=105 + 61)):
        assert client.get(HOME).status_code == 302
