"""People in their real roles (never superusers), and start-ups."""

import factory
from django.contrib.auth.models import Group

from facilitators import roles
from facilitators.models import StartUp

from .groups import SelfHelpGroupFactory
from .users import UserFactory


def person_with_role(role: str, *, counties=(), municipalities=(), **fields):
    """A user in one role; a coordinator gets counties, a facilitator municipalities."""
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    if counties:
        user.coordinator_counties.set(counties)
    if municipalities:
        user.facilitator_municipalities.set(municipalities)
    return user


def facilitator_in(*municipalities, **fields):
    return person_with_role(roles.FACILITATOR, municipalities=municipalities, **fields)


def coordinator_for(*counties, **fields):
    return person_with_role(roles.REGIONAL_COORDINATOR, counties=counties, **fields)


def administrator(**fields):
    return person_with_role(roles.NATIONAL_ADMINISTRATOR, **fields)


def group_contact(**fields):
    return person_with_role(roles.GROUP_CONTACT, **fields)


class StartUpFactory(factory.django.DjangoModelFactory):
    """A start-up in planning for a draft group in the Planned status."""

    class Meta:
        model = StartUp
        skip_postgeneration_save = True

    group = factory.SubFactory(SelfHelpGroupFactory, live=False, status="planned", contact=None, open_places=None)

    @factory.post_generation
    def facilitators(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.facilitators.set(extracted)
