"""Superusers are out of reach of everyone else in Settings → Users: a national administrator's
bulk actions (set active state, assign role, delete) leave them alone, listed as users they
have no access to, and so do the single-user edit and delete views."""

import pytest
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import Permission
from django.urls import reverse

from facilitators import roles
from facilitators.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-testpassord-123"


def bulk(action, *users, everyone=False):
    ids = "id=all" if everyone else "&".join(f"id={user.pk}" for user in users)
    return reverse("wagtail_bulk_action", args=("facilitators", "user", action)) + "?" + ids


@pytest.fixture
def boss(db):
    return User.objects.create_superuser(email="root@example.org", password=PASSWORD, first_name="Rot", last_name="S")


@pytest.fixture
def administrator_who_may_delete(people):
    # National administrators have no delete permission today; the rule must hold if they get it.
    administrator = people["administrator"]
    administrator.user_permissions.add(Permission.objects.get(codename="delete_user", content_type__app_label="facilitators"))
    return administrator


@pytest.mark.parametrize("action", ["set_active_state", "assign_role", "delete"])
def test_superuser_is_listed_as_out_of_reach_in_every_bulk_action(client, administrator_who_may_delete, people, boss, action):
    client.force_login(administrator_who_may_delete)
    response = client.get(bulk(action, boss, people["facilitator"]))
    assert response.status_code == 200
    assert [item["item"] for item in response.context["items"]] == [people["facilitator"]]
    assert response.context["items_with_no_access"] == [boss]


def test_administrator_cannot_deactivate_a_superuser_in_bulk(client, people, boss):
    client.force_login(people["administrator"])
    response = client.post(bulk("set_active_state", boss, people["facilitator"]), {"mark_as_active": "False"})
    assert response.status_code == 302
    boss.refresh_from_db()
    people["facilitator"].refresh_from_db()
    assert boss.is_active is True
    assert people["facilitator"].is_active is False


def test_administrator_cannot_deactivate_a_superuser_by_selecting_everyone(client, people, boss):
    client.force_login(people["administrator"])
    client.post(bulk("set_active_state", everyone=True), {"mark_as_active": "False"})
    boss.refresh_from_db()
    people["coordinator"].refresh_from_db()
    assert boss.is_active is True
    assert people["coordinator"].is_active is False


def test_administrator_cannot_give_a_superuser_a_role_in_bulk(client, people, boss):
    role = Role.objects.get(name=roles.FACILITATOR)
    client.force_login(people["administrator"])
    client.post(bulk("assign_role", boss, people["contact"]), {"role": role.pk})
    assert not boss.groups.filter(pk=role.pk).exists()
    assert people["contact"].groups.filter(pk=role.pk).exists()


def test_administrator_cannot_delete_a_superuser_in_bulk(client, administrator_who_may_delete, people, boss):
    client.force_login(administrator_who_may_delete)
    client.post(bulk("delete", boss, people["contact"]))
    assert User.objects.filter(pk=boss.pk).exists()
    assert not User.objects.filter(pk=people["contact"].pk).exists()


def test_administrator_cannot_delete_a_superuser_one_by_one(client, administrator_who_may_delete, boss):
    client.force_login(administrator_who_may_delete)
    url = reverse("wagtailusers_users:delete", args=[boss.pk])
    response = client.get(url)
    assert response.status_code == 302  # Wagtail's refusal: back to the dashboard
    assert response["Location"] == reverse("wagtailadmin_home")
    client.post(url)
    assert User.objects.filter(pk=boss.pk).exists()


def test_administrator_cannot_edit_a_superuser_one_by_one(client, people, boss):
    client.force_login(people["administrator"])
    url = reverse("wagtailusers_users:edit", args=[boss.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    client.post(url, {"email": "taken@example.org", "first_name": "Overtatt", "last_name": "S", "phone": ""})
    boss.refresh_from_db()
    assert (boss.email, boss.first_name, boss.is_active) == ("root@example.org", "Rot", True)


def test_superuser_may_still_deactivate_another_superuser_in_bulk(client, boss):
    other = User.objects.create_superuser(email="root2@example.org", password=PASSWORD)
    client.force_login(boss)
    client.post(bulk("set_active_state", other), {"mark_as_active": "False"})
    other.refresh_from_db()
    assert other.is_active is False


@pytest.mark.parametrize("target", ["boss", "facilitator"])
def test_administrator_cannot_copy_an_account_over_it_or_into_a_superuser(client, people, boss, target):
    # Wagtail's copy view saved the form onto the account it copied (same pk), with the
    # "Administrator" box enabled: a takeover of any account, superusers' included.
    victim = boss if target == "boss" else people["facilitator"]
    client.force_login(people["administrator"])
    url = f"/admin/users/copy/{victim.pk}/"
    assert client.get(url).status_code == 404
    client.post(url, {
        "email": "kapret@example.org", "first_name": "K", "last_name": "P",
        "password1": PASSWORD, "password2": PASSWORD, "is_superuser": "on",
    })
    victim.refresh_from_db()
    assert victim.email != "kapret@example.org"
    assert not User.objects.filter(email="kapret@example.org").exists()
    assert User.objects.filter(is_superuser=True).count() == 1
