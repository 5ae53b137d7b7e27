"""The five roles exist after migration; only coordinators and administrators open the admin."""

import pytest
from django.contrib.auth.models import Group as Role
from wagtail.models import GroupApprovalTask

from facilitators import roles
from tests.factories import UserFactory


def user_with(role_name):
    user = UserFactory()
    user.groups.add(Role.objects.get(name=role_name))
    return user


@pytest.mark.django_db
def test_all_five_roles_exist_after_migration():
    assert set(Role.objects.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True)) == {
        "Igangsetter", "Kontaktperson", "Regional koordinator", "Nasjonal administrator", "Forsker",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role_name", roles.FRONT_END_ROLES)
def test_facilitators_and_group_contacts_cannot_open_the_admin(client, role_name):
    user = user_with(role_name)
    assert not user.has_perm("wagtailadmin.access_admin")
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("role_name", roles.STAFF_ROLES)
def test_coordinators_and_administrators_open_the_admin(client, role_name):
    client.force_login(user_with(role_name))
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role_name", roles.STAFF_ROLES)
def test_coordinators_and_administrators_may_edit_and_publish_groups(role_name):
    user = user_with(role_name)
    for action in ("add", "change", "publish", "lock", "unlock"):
        assert user.has_perm(f"groups.{action}_selfhelpgroup"), action


@pytest.mark.django_db
@pytest.mark.parametrize("role_name", roles.FRONT_END_ROLES)
def test_facilitators_and_group_contacts_have_no_admin_permissions(role_name):
    assert Role.objects.get(name=role_name).permissions.count() == 0


@pytest.mark.django_db
def test_coordinators_and_administrators_approve_groups_in_the_workflow():
    task = GroupApprovalTask.objects.get(name="Koordinator godkjenner")
    names = set(task.groups.values_list("name", flat=True))
    assert {roles.REGIONAL_COORDINATOR, roles.NATIONAL_ADMINISTRATOR} <= names
    assert roles.FACILITATOR not in names
