"""Reads for Min side's groups and start-ups, already narrowed to what the person may see."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from wagtail.models import TaskState, WorkflowState

from directory.models import Municipality, Theme
from groups.models import SelfHelpGroup

from .. import roles
from ..models import StageChange, StartUp, User
from ..scope import group_contact_filter, group_edit_filter, scope_for


def _workflow_in(status: str):
    """Whether the group's latest approval request is in `status` (for an annotation)."""
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(SelfHelpGroup),
            object_id=Cast(OuterRef("pk"), CharField()),
            status=status,
        )
    )


def group_list_facilitated(*, user) -> QuerySet:
    """Groups the person facilitates (through a start-up), newest first, with their start-up,
    `in_review` (sent to the coordinator, who has not decided) and `returned` (sent back)."""
    if not scope_for(user).is_facilitator:
        return SelfHelpGroup.objects.none()
    return (
        SelfHelpGroup.objects.filter(startup__facilitators=user)
        .select_related("municipality__county", "startup")
        .annotate(
            in_review=_workflow_in(WorkflowState.STATUS_IN_PROGRESS),
            returned=_workflow_in(WorkflowState.STATUS_NEEDS_CHANGES),
        )
        .order_by("-created_at", "pk")
    )


def areas_for(*, user) -> dict:
    """Where the person works: the municipalities they facilitate in and the counties they
    coordinate, by name."""
    return {
        "municipalities": list(user.facilitator_municipalities.select_related("county").order_by("name_plain")),
        "counties": list(user.coordinator_counties.order_by("name_plain")),
    }


def group_for_user(*, user, pk: int) -> SelfHelpGroup:
    """One group the person may edit (fully, or as its contact person); 404 otherwise."""
    scope = scope_for(user)
    edit = group_edit_filter(scope)
    condition = group_contact_filter(scope) if edit is None else edit | group_contact_filter(scope)
    queryset = SelfHelpGroup.objects.select_related("municipality__county", "contact")
    if edit is not None:
        queryset = queryset.filter(condition)
    group = queryset.filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def startup_for_group(*, group: SelfHelpGroup) -> StartUp | None:
    return StartUp.objects.filter(group=group).prefetch_related("facilitators").first()


def startup_timeline(*, startup: StartUp) -> QuerySet:
    return StageChange.objects.filter(startup=startup).select_related("changed_by").order_by("changed_at", "pk")


def group_review(*, group: SelfHelpGroup) -> dict:
    """Where the group stands with the coordinator: waiting, returned (with the comment), or
    not sent; and the latest decision comment."""
    state = (
        WorkflowState.objects.for_instance(group).order_by("-created_at").first()
        if group.pk
        else None
    )
    last = None
    if state is not None:
        last = (
            TaskState.objects.filter(workflow_state=state)
            .exclude(status=TaskState.STATUS_IN_PROGRESS)
            .order_by("-finished_at")
            .first()
        )
    return {
        "waiting": state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS,
        "returned": state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES,
        "rejected": state is not None and state.status == WorkflowState.STATUS_CANCELLED,
        "comment": (last.comment if last is not None else "") or "",
    }


def municipality_choices_for_groups(*, user, keep: int | None = None) -> QuerySet:
    """Where this person may create a group, and the municipality `keep` (a group's current one)."""
    scope = scope_for(user)
    queryset = Municipality.objects.active().select_related("county").order_by("name_plain", "number")
    if scope.is_administrator:
        return queryset
    return queryset.filter(Q(pk__in=scope.municipality_ids) | Q(county__in=scope.county_ids) | Q(pk=keep))


def theme_choices() -> QuerySet:
    return Theme.objects.order_by("name")


def co_facilitator_choices(*, user) -> QuerySet:
    """Other active facilitators working in one of the person's municipalities or counties."""
    scope = scope_for(user)
    return (
        User.objects.filter(is_active=True, groups__name=roles.FACILITATOR)
        .filter(
            Q(facilitator_municipalities__in=scope.municipality_ids)
            | Q(facilitator_municipalities__county__in=scope.county_ids)
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def group_contact_choices(*, group: SelfHelpGroup, user) -> QuerySet:
    """Who may be this group's contact person, as the admin's group form offers it.

    A group contact is a member of a self-help group, so the list of every account would tell
    who belongs to one. Offered are the group's active facilitators and its current contact
    (in the draft being edited and in the saved group): the member invited to take over is made
    the current contact when invited (services.startups._contact_set). A new group offers only
    the person creating it."""
    if group.pk is None:
        return User.objects.filter(pk=getattr(user, "pk", None))
    saved_contact = SelfHelpGroup.objects.filter(pk=group.pk).values_list("contact_id", flat=True).first()
    contacts = [pk for pk in (group.contact_id, saved_contact) if pk is not None]
    return (
        User.objects.filter(Q(startups__group_id=group.pk, is_active=True) | Q(pk__in=contacts))
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
