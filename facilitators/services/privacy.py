"""A person's rights over what Samhold holds about them, without an account and with one: new
links to everything stored for an e-mail address, a copy of it as JSON, and deleting an account.

(Interest registrations, sign-ups and applications are each deleted by their own services,
from the pages their private links open.)"""

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from groups.models import SelfHelpGroup
from outbox.services import email_compose, recipient_allow
from samhold.http import absolute_url, address_limits
from samhold.limits import rate_limit_allow

from .. import roles
from ..models import (
    FacilitatorApplication,
    InterestLink,
    InterestRegistration,
    LinkPurpose,
    MeetingSignUp,
    SignUpLink,
    User,
)
from .accounts import application_manage_url
from .interest import interest_manage_url
from .links import link_issue
from .meetings import signup_manage_url
from .records import Action, record


class MyLinksRateLimited(Exception):
    """Too many requests for links from one network in a short time."""


def _confirm_url(link_model, owner, view: str) -> str:
    token = link_issue(link_model, owner=owner, purpose=LinkPurpose.CONFIRM)
    return absolute_url(reverse(view, kwargs={"token": token}))


# Apps above this one that also keep something a person gave by e-mail address (research
# volunteers) add a source here in their AppConfig.ready(): source(email) returns None when it
# holds nothing for the address, else a function that, called in the person's language, gives
# [{"text": what it is, "url": a fresh private link}, ...]. This app never imports them.
MY_LINKS_SOURCES: list = []


def my_links_send(*, email: str, ip_address: str, language: str) -> None:
    """E-mail fresh private links to everything stored for this address: interest
    registrations, meeting sign-ups and pending facilitator applications. Unconfirmed ones get
    a confirm link (which also deletes), the rest a link to their own page.

    Whatever is found, the caller answers the same, so the page never tells whether an address
    is known; only the mailbox's owner learns it. Nothing is sent when nothing is stored, or
    when the address has had its day's share of our forms' e-mail. The e-mail names no group
    and no theme (it may be read on a lock screen). Raises MyLinksRateLimited after
    SAMHOLD_MY_LINKS_LIMIT_PER_IP_PER_HOUR requests from one network in an hour."""
    if not rate_limit_allow(
        scope="my_links", limits=address_limits(ip_address, settings.SAMHOLD_MY_LINKS_LIMIT_PER_IP_PER_HOUR)
    ):
        raise MyLinksRateLimited
    email = email.strip().lower()
    registrations = list(InterestRegistration.objects.filter(email=email).order_by("created_at", "pk"))
    signups = list(
        MeetingSignUp.objects.filter(email=email).select_related("meeting").order_by("meeting__starts_at", "pk")
    )
    applications = list(
        FacilitatorApplication.objects.filter(email__iexact=email, status=FacilitatorApplication.Status.PENDING)
    )
    others = [found for found in (source(email) for source in MY_LINKS_SOURCES) if found is not None]
    if not (registrations or signups or applications or others):
        return
    with transaction.atomic():
        if not recipient_allow(email=email):
            return
        language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

        def context():  # in the person's language: the links' paths are translated
            items = []
            for registration in registrations:
                if registration.is_confirmed:
                    url = interest_manage_url(registration)
                else:
                    url = _confirm_url(InterestLink, registration, "facilitators:interest_confirm")
                items.append({"kind": "interest", "date": registration.created_at, "url": url,
                              "confirmed": registration.is_confirmed})
            for signup in signups:
                if signup.status == MeetingSignUp.Status.PENDING:
                    url = _confirm_url(SignUpLink, signup, "facilitators:meeting_signup_confirm")
                else:
                    url = signup_manage_url(signup)
                items.append({"kind": "signup", "date": signup.meeting.starts_at, "url": url,
                              "confirmed": signup.status != MeetingSignUp.Status.PENDING})
            for application in applications:
                items.append({"kind": "application", "date": application.created_at,
                              "url": application_manage_url(application), "confirmed": True})
            for found in others:
                items.extend({"kind": "other", **item} for item in found())
            return {"items": items}

        email_compose(
            to=[email],
            language=language,
            subject=gettext_lazy("Your links to Samhold"),
            template="facilitators/email/my_links.txt",
            context=context,
            purpose="my_links",
        )


def account_delete(*, user, request=None) -> int:
    """Delete a person's own account on Min side, with their login, two-factor devices, areas
    and the application that made it. What they did stays without them (start-ups, the record and stage changes keep no
    name: their author becomes empty). A group they were the contact for loses its contact; the
    coordinators for its county are told, so enquiries find someone again. Superusers cannot
    delete themselves here (another superuser must)."""
    if user.is_superuser:
        raise PermissionDenied
    contact_groups = list(SelfHelpGroup.objects.filter(contact=user).select_related("municipality__county"))
    with transaction.atomic():
        SelfHelpGroup.objects.filter(contact=user).update(contact=None)
        # The application that made the account (kept 30 days after the decision) goes too.
        FacilitatorApplication.objects.filter(email__iexact=user.email).delete()
        record(actor=None, action=Action.ACCOUNT_DELETED, label=f"#{user.pk}",
               detail=f"{len(contact_groups)} groups without a contact")
        user_pk = user.pk
        user.delete()
        for group in contact_groups:
            _tell_coordinators_contact_gone(group)
    if request is not None:
        logout(request)
    return user_pk


def _tell_coordinators_contact_gone(group: SelfHelpGroup) -> None:
    if group.municipality_id is None:
        return
    coordinators = User.objects.filter(
        is_active=True, groups__name=roles.REGIONAL_COORDINATOR, coordinator_counties=group.municipality.county_id
    ).distinct()
    for coordinator in coordinators:
        email_compose(
            to=[coordinator.email],
            language=settings.LANGUAGE_CODE,
            subject=gettext_lazy("A group on Samhold needs a new contact person"),
            template="facilitators/email/contact_gone.txt",
            context={"group": group, "person": coordinator, "when": timezone.now()},
            purpose="contact_gone",
        )
