"""Samhold's own e-mail to staff, and its replacement for Wagtail's moderation e-mail.

Wagtail's moderation e-mail is half English, tells every member of the approval task's roles
(every coordinator in Norway would read the name of a draft group in another county: its name
tells theme and place), links the people who sent a group — facilitators, who never get the
admin — into the admin, and offers a preview link that leads nowhere for a snippet. A decision on
a group also reached the facilitators twice: Wagtail's mail and the services' own.

So Wagtail's four handlers are disconnected (replace_wagtail_notifications, from the admin app's
ready()) and these take their place:

- something is sent for approval: the people who may decide on it (for a group, the coordinators
  of its county and national administrators) get one mail each, in their own language, with a
  preview of the version sent and the link to decide;
- a decision: the group's facilitators are told by the services (group_decision_record, with a
  link to Min side); whoever else sent the object for approval gets one mail, with a link into
  the admin only if they can open it.

Each mail is written in its reader's language (their admin language, else the site's)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy

from outbox.services import email_compose
from samhold.http import absolute_url
from samhold.limits import rate_limit_allow

from . import roles

WAGTAIL_DISPATCH_UIDS = {
    "task_submitted": "group_approval_task_submitted_email_notification",
    "workflow_submitted": "workflow_state_submitted_email_notification",
    "workflow_rejected": "workflow_state_rejected_email_notification",
    "workflow_approved": "workflow_state_approved_email_notification",
}

User = get_user_model()


def reader_language(user) -> str:
    """The language a staff member reads the admin in (their profile), else the site's."""
    profile = getattr(user, "wagtail_userprofile", None)
    language = getattr(profile, "preferred_language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _wants(user, preference: str) -> bool:
    """Whether the person keeps this kind of moderation mail on (their admin account settings)."""
    profile = getattr(user, "wagtail_userprofile", None)
    return profile is None or getattr(profile, preference, True)


def _can_open_admin(user) -> bool:
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def _object_words(obj) -> dict:
    """What an e-mail calls the object: its kind (lower case, inside a sentence) and its title."""
    return {"kind": str(obj._meta.verbose_name), "title": str(obj)}


def _edit_url(obj) -> str:
    from wagtail.admin.admin_url_finder import AdminURLFinder

    url = AdminURLFinder().get_edit_url(obj)
    return absolute_url(url) if url else ""


def _revision_preview_url(obj, revision_id) -> str:
    """The admin's preview of one revision: what was sent, as the public would see it."""
    from wagtail.models import Page, PreviewableMixin

    if revision_id is None or not isinstance(obj, PreviewableMixin):
        return ""
    if isinstance(obj, Page):
        return absolute_url(reverse("wagtailadmin_pages:revisions_view", args=[obj.pk, revision_id]))
    viewset = getattr(obj, "snippet_viewset", None)
    if viewset is None:
        return ""
    return absolute_url(reverse(viewset.get_url_name("revisions_view"), args=[quote(obj.pk), revision_id]))


# Something is sent for approval -----------------------------------------------------------

def _deciders(task, obj):
    """Who is told that `obj` waits for `task`: the members of the task's roles (and superusers,
    as Wagtail does), narrowed to those who may decide on this object."""
    from wagtail.models import AbstractGroupApprovalTask

    if not isinstance(task, AbstractGroupApprovalTask):
        return []
    people = User.objects.filter(is_active=True, groups__in=task.groups.all())
    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
        people = people | User.objects.filter(is_active=True, is_superuser=True)
    people = people.distinct().select_related("wagtail_userprofile").order_by("pk")
    may_decide = getattr(task, "may_decide", None)
    return [person for person in people if may_decide is None or may_decide(obj, person)]


def task_submitted_notify(sender, instance, user=None, **kwargs) -> None:
    """A task has started (sent for approval, or sent again after changes): tell its deciders."""
    task_state = instance
    task = task_state.task.specific
    obj = task_state.workflow_state.content_object
    if obj is None:
        return
    sender_name = (user.get_full_name() or user.email) if user is not None else ""
    preview_url = _revision_preview_url(obj, task_state.revision_id)
    edit_url = _edit_url(obj)
    for person in _deciders(task, obj):
        is_sender = user is not None and person.pk == user.pk
        if is_sender or not person.email or not _wants(person, "submitted_notifications"):
            continue
        email_compose(
            to=[person.email],
            language=reader_language(person),
            # Subjects show on lock screens: they never name what they are about.
            subject=gettext_lazy("Something is waiting for approval on Samhold"),
            template="facilitators/admin/email/task_submitted.txt",
            context=lambda person=person: {
                "person": person, "sender_name": sender_name, "preview_url": preview_url,
                "edit_url": edit_url, **_object_words(obj),
            },
            purpose="moderation_submitted",
        )


# A decision ---------------------------------------------------------------------------------

def _told_by_services(obj, person) -> bool:
    """A group's facilitators hear of a decision from group_decision_record already."""
    from groups.models import SelfHelpGroup

    from .models import StartUp

    return isinstance(obj, SelfHelpGroup) and StartUp.objects.filter(group=obj, facilitators=person).exists()


def _workflow_decided_notify(workflow_state, user, *, approved: bool) -> None:
    obj = workflow_state.content_object
    requester = workflow_state.requested_by
    if obj is None or requester is None or not requester.is_active or not requester.email:
        return
    if user is not None and requester.pk == user.pk:
        return  # they decided it themselves
    if not _wants(requester, "approved_notifications" if approved else "rejected_notifications"):
        return
    if _told_by_services(obj, requester):
        return
    task_state = workflow_state.current_task_state
    comment = task_state.get_comment() if task_state is not None else ""
    edit_url = _edit_url(obj) if _can_open_admin(requester) else ""
    email_compose(
        to=[requester.email],
        language=reader_language(requester),
        subject=gettext_lazy("Approved on Samhold") if approved else gettext_lazy("Sent back or not approved on Samhold"),
        template="facilitators/admin/email/workflow_decided.txt",
        context=lambda: {
            "person": requester, "approved": approved, "comment": comment, "edit_url": edit_url,
            **_object_words(obj),
        },
        purpose="moderation_decided",
    )


def workflow_approved_notify(sender, instance, user=None, **kwargs) -> None:
    _workflow_decided_notify(instance, user, approved=True)


def workflow_rejected_notify(sender, instance, user=None, **kwargs) -> None:
    _workflow_decided_notify(instance, user, approved=False)


def replace_wagtail_notifications() -> None:
    """Disconnect Wagtail's moderation e-mail and connect Samhold's (after wagtail.admin connected
    its own, in the admin app's ready())."""
    from wagtail import signals
    from wagtail.models import TaskState, WorkflowState

    for signal_name, dispatch_uid in WAGTAIL_DISPATCH_UIDS.items():
        sender = TaskState if signal_name == "task_submitted" else WorkflowState
        getattr(signals, signal_name).disconnect(sender=sender, dispatch_uid=dispatch_uid)
    signals.task_submitted.connect(task_submitted_notify, sender=TaskState, dispatch_uid="samhold_task_submitted")
    signals.workflow_approved.connect(
        workflow_approved_notify, sender=WorkflowState, dispatch_uid="samhold_workflow_approved"
    )
    signals.workflow_rejected.connect(
        workflow_rejected_notify, sender=WorkflowState, dispatch_uid="samhold_workflow_rejected"
    )


# A facilitator application ------------------------------------------------------------------

def application_deciders(application):
    """Who decides on an application: the coordinators of the applicant's county, or national
    administrators when that county has none."""
    active = User.objects.filter(is_active=True).exclude(email="").select_related("wagtail_userprofile")
    coordinators = active.filter(
        groups__name=roles.REGIONAL_COORDINATOR, coordinator_counties=application.municipality.county_id
    ).distinct().order_by("pk")
    if coordinators:
        return list(coordinators)
    return list(active.filter(groups__name=roles.NATIONAL_ADMINISTRATOR).distinct().order_by("pk"))


def application_received_notify(application) -> None:
    """Tell the deciders that an application waits for them, with the link to it in the admin.
    The mail names only the municipality: the application itself is read in the admin.

    Anyone can apply, and the applicant picks the municipality, so a county's coordinators get
    only a few of these a day (SAMHOLD_APPLICATION_NOTICES_PER_COUNTY_PER_DAY); past that, the
    applications still wait on their dashboard with a count, unannounced."""
    county = application.municipality.county_id
    limit = (settings.SAMHOLD_APPLICATION_NOTICES_PER_COUNTY_PER_DAY, timedelta(days=1))
    if not rate_limit_allow(scope="application-notice", limits={f"county:{county}": limit}):
        return
    url = absolute_url(reverse("facilitator_application:inspect", args=[application.pk]))
    for person in application_deciders(application):
        email_compose(
            to=[person.email],
            language=reader_language(person),
            subject=gettext_lazy("A new facilitator application on Samhold"),
            template="facilitators/admin/email/application_received.txt",
            context=lambda person=person: {"person": person, "application": application, "url": url},
            purpose="facilitator_application_staff",
        )
