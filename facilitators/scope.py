"""Who may see and do what: the permission matrix of facilitators' work, in one place.

| action                     | facilitator                     | group contact          | coordinator         | administrator |
| create a group (draft)     | in their municipalities         | no                     | in their counties   | yes           |
| edit a group               | groups they facilitate          | their group (schedule, | groups in their     | all           |
|                            |                                 | status, open places)   | counties            |               |
| publish a new group        | no: submits it for approval     | no                     | in their counties   | yes           |
| see interest registrations | exact counts and the people in  | no                     | exact counts and    | all           |
|                            | their municipalities; elsewhere |                        | the people in their |               |
|                            | ranges by county                |                        | counties; elsewhere |               |
|                            |                                 |                        | ranges by county    |               |
| see others' groups and     | no (404)                        | no                     | in their counties   | all           |
| start-ups                  |                                 |                        |                     |               |

Selectors, views, the admin's permission policy and the services all ask here. A person may
hold several roles; what they may do is the union. Superusers count as administrators, but
tests log in as the real roles.
"""

from dataclasses import dataclass

from django.db.models import Q

from groups.models import SelfHelpGroup

from . import roles

# The module, not the package: the approval task in facilitators.models reads this module, so the
# package may still be loading when this one is imported.
from .models.startups import StartUp


class Access:
    FULL = "full"  # every field
    CONTACT = "contact"  # schedule, status and open places


@dataclass(frozen=True)
class Scope:
    """A person's roles and areas, read once per request."""

    user_id: int | None
    is_administrator: bool
    is_coordinator: bool
    is_facilitator: bool
    is_group_contact: bool
    is_researcher: bool
    county_ids: frozenset[int]
    municipality_ids: frozenset[int]

    @property
    def is_staff_role(self) -> bool:
        return self.is_administrator or self.is_coordinator

    def covers_municipality(self, municipality) -> bool:
        """Whether the municipality is in this person's own area (for people, not counts)."""
        if self.is_administrator:
            return True
        if municipality is None:
            return False
        return municipality.pk in self.municipality_ids or municipality.county_id in self.county_ids


NOBODY = Scope(None, False, False, False, False, False, frozenset(), frozenset())


def scope_for(user) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, "_samhold_scope", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    is_coordinator = roles.REGIONAL_COORDINATOR in names
    is_facilitator = roles.FACILITATOR in names
    scope = Scope(
        user_id=user.pk,
        is_administrator=user.is_superuser or roles.NATIONAL_ADMINISTRATOR in names,
        is_coordinator=is_coordinator,
        is_facilitator=is_facilitator,
        is_group_contact=roles.GROUP_CONTACT in names,
        is_researcher=roles.RESEARCHER in names,
        county_ids=frozenset(user.coordinator_counties.values_list("pk", flat=True)) if is_coordinator else frozenset(),
        municipality_ids=(
            frozenset(user.facilitator_municipalities.values_list("pk", flat=True)) if is_facilitator else frozenset()
        ),
    )
    user._samhold_scope = scope
    return scope


def scope_forget(user) -> None:
    """Drop the cached scope (after roles or areas changed within a request or a test)."""
    if hasattr(user, "_samhold_scope"):
        del user._samhold_scope


# Groups ----------------------------------------------------------------------------------

def _facilitates(scope: Scope, *, group_id: int) -> bool:
    return StartUp.objects.filter(group_id=group_id, facilitators=scope.user_id).exists()


def _online_groups_of_counties(county_ids) -> Q:
    # An online group has no municipality; it belongs to the counties its facilitators work in.
    return Q(
        municipality__isnull=True,
        pk__in=StartUp.objects.filter(facilitators__facilitator_municipalities__county__in=county_ids).values(
            "group_id"
        ),
    )


def group_edit_filter(scope: Scope) -> Q | None:
    """A filter on SelfHelpGroup for the groups this person may edit fully; None means all."""
    if scope.is_administrator:
        return None
    condition = Q(pk__in=[])
    if scope.is_coordinator:
        condition |= Q(municipality__county__in=scope.county_ids) | _online_groups_of_counties(scope.county_ids)
    if scope.is_facilitator:
        condition |= Q(pk__in=StartUp.objects.filter(facilitators=scope.user_id).values("group_id"))
    return condition


def group_contact_filter(scope: Scope) -> Q:
    if scope.is_group_contact:
        return Q(contact=scope.user_id)
    return Q(pk__in=[])


def group_access(user, group) -> str | None:
    """How far this person may edit this group: Access.FULL, Access.CONTACT or None."""
    scope = scope_for(user)
    if scope.is_administrator:
        return Access.FULL
    if scope.is_coordinator and _in_counties(scope, group):
        return Access.FULL
    if scope.is_facilitator and group.pk and _facilitates(scope, group_id=group.pk):
        return Access.FULL
    if scope.is_group_contact and group.contact_id == scope.user_id:
        return Access.CONTACT
    return None


def can_create_group_in(user, municipality) -> bool:
    """A draft group in this municipality (None: an online group without a place)."""
    scope = scope_for(user)
    if scope.is_administrator:
        return True
    if municipality is None:
        # An online group belongs to the facilitator's or coordinator's area through them.
        return scope.is_facilitator or scope.is_coordinator
    if scope.is_coordinator and municipality.county_id in scope.county_ids:
        return True
    return scope.is_facilitator and municipality.pk in scope.municipality_ids


def can_publish_group(user, group) -> bool:
    """Publishing a new group, or approving it in the workflow."""
    scope = scope_for(user)
    if scope.is_administrator:
        return True
    return scope.is_coordinator and _in_counties(scope, group)


def _in_counties(scope: Scope, group) -> bool:
    if group.municipality_id:
        return group.municipality.county_id in scope.county_ids
    return bool(group.pk) and SelfHelpGroup.objects.filter(
        Q(pk=group.pk) & _online_groups_of_counties(scope.county_ids)
    ).exists()


# People ----------------------------------------------------------------------------------

def people_filter(scope: Scope, *, municipality_field: str = "municipality") -> Q | None:
    """A filter on anything with a municipality (interest registrations) for the people this
    person may see; None means all. Facilitators see people in their municipalities,
    coordinators in their counties, group contacts nobody."""
    if scope.is_administrator:
        return None
    condition = Q(pk__in=[])
    if scope.is_coordinator:
        condition |= Q(**{f"{municipality_field}__county__in": scope.county_ids})
    if scope.is_facilitator:
        condition |= Q(**{f"{municipality_field}__in": scope.municipality_ids})
    return condition


def may_see_counts(user) -> bool:
    scope = scope_for(user)
    return scope.is_administrator or scope.is_coordinator or scope.is_facilitator
