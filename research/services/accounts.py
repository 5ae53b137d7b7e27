"""Writes for researcher accounts: applying, and the national administrators' decision.

Like facilitator applications (facilitators.services.accounts), and deliberately close to them:
the same rate limit per network, the same receipt that repeats nothing typed into the form, the
same account made (or reused, matched by e-mail address) on approval with a link to choose a
password. The difference is who decides: only national administrators, never a coordinator,
because a researcher's study may recruit all over the country."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from wagtail.users.models import UserProfile

from facilitators import roles
from facilitators.models import User
from facilitators.scope import scope_for, scope_forget
from facilitators.services.accounts import ApplicationAlreadyDecided, ApplicationRateLimited, entry_url
from facilitators.services.records import Action, record
from outbox.services import email_compose, recipient_allow
from samhold.http import absolute_url, address_limits
from samhold.limits import rate_limit_allow
from samhold.site import coordinator_contact, privacy_url

from ..models import ResearcherApplication

__all__ = [
    "ApplicationAlreadyDecided",
    "ApplicationRateLimited",
    "researcher_application_approve",
    "researcher_application_decline",
    "researcher_apply",
    "researcher_language_remember",
]


def active_language() -> str:
    """The active language if the site offers it (nb or en), else the site's default."""
    language = (get_language() or "").split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def researcher_language_remember(*, user: User, language: str, overwrite: bool = True) -> None:
    """Keep the language a researcher uses, so decisions about their studies reach them in it
    (research.selectors.accounts.preferred_language). Stored as the Wagtail profile's preferred
    language: the one per-person language setting the project has, and researchers never open
    the admin it would otherwise change."""
    if language not in dict(settings.LANGUAGES):
        return
    profile = UserProfile.get_for_user(user)
    if profile.preferred_language and not overwrite:
        return
    if profile.preferred_language != language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])


def _email_context(application: ResearcherApplication, **extra) -> dict:
    """What every e-mail about an application says about the applicant's data."""
    return {
        "application": application,
        "contact": coordinator_contact(),
        "privacy_url": privacy_url(),
        "decided_days": settings.SAMHOLD_RETENTION["researcher_application_decided"],
        "pending_days": settings.SAMHOLD_RETENTION["researcher_application_pending"],
        **extra,
    }


def researcher_apply(
    *,
    name: str,
    email: str,
    institution: str,
    position: str,
    consent_text_version: str,
    ip_address: str,
) -> ResearcherApplication:
    """Record an application for a researcher account and confirm it to the applicant.

    Raises ApplicationRateLimited after SAMHOLD_APPLICATION_LIMIT_PER_IP_PER_HOUR applications
    (of either kind's budget, counted separately) from one network within an hour. The receipt
    names nothing from the form, since the address is not confirmed; an address that has had its
    day's share of our forms' e-mail gets none (the application still reaches the administrators)."""
    with transaction.atomic():
        # The same application sent again while the first waits for a decision (a double
        # click, the form sent once more) is answered the same and saves and sends nothing.
        same = ResearcherApplication.objects.filter(
            status=ResearcherApplication.Status.PENDING,
            name=name,
            email__iexact=email,
            institution=institution,
            position=position,
        ).first()
        if same is not None:
            return same
        if not rate_limit_allow(
            scope="researcher_application",
            limits=address_limits(ip_address, settings.SAMHOLD_APPLICATION_LIMIT_PER_IP_PER_HOUR),
        ):
            raise ApplicationRateLimited
        application = ResearcherApplication(
            name=name,
            email=email.lower(),
            institution=institution,
            position=position,
            consent_text_version=consent_text_version,
            language=active_language(),
            created_at=timezone.now(),
        )
        application.full_clean()
        application.save()
        if recipient_allow(email=application.email):
            email_compose(
                to=[application.email],
                language=application.language,
                subject=gettext_lazy("We have received your application for a researcher account"),
                template="research/email/account_received.txt",
                context=lambda: _email_context(application),
                purpose="researcher_application",
            )
    return application


def _decide(application: ResearcherApplication, *, status: str, decided_by: User) -> ResearcherApplication:
    if not scope_for(decided_by).is_administrator:
        raise PermissionDenied
    locked = ResearcherApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != ResearcherApplication.Status.PENDING:
        raise ApplicationAlreadyDecided
    locked.status = status
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    return locked


def researcher_application_approve(*, application: ResearcherApplication, decided_by: User) -> User:
    """Approve: the applicant gets (or keeps, matched by e-mail address) an account in the
    researcher role and an e-mail with a link to choose a password, or to log in if the account
    has one. Their first login then asks them to set up two-factor login. Returns the account."""
    with transaction.atomic():
        application = _decide(application, status=ResearcherApplication.Status.APPROVED, decided_by=decided_by)
        user = User.objects.filter(email__iexact=application.email).first()
        if user is None:
            first_name, _space, last_name = application.name.strip().rpartition(" ")
            if not first_name:
                first_name, last_name = last_name, ""
            user = User(email=application.email.lower(), first_name=first_name[:150], last_name=last_name[:150])
            user.set_unusable_password()
            user.full_clean()
            user.save()
        user.groups.add(Group.objects.get(name=roles.RESEARCHER))
        scope_forget(user)
        if hasattr(user, "_samhold_is_researcher"):
            del user._samhold_is_researcher
        researcher_language_remember(user=user, language=application.language, overwrite=False)
        # The label is the application's number: its name, or even its institution, would point
        # to the applicant.
        record(actor=decided_by, action=Action.RESEARCHER_APPROVED, obj=application, label=f"#{application.pk}")
        email_compose(
            to=[user.email],
            language=application.language,
            subject=gettext_lazy("You can now recruit for research on Samhold"),
            template="research/email/account_approved.txt",
            context=lambda: _email_context(
                application, user=user, url=entry_url(user), home_url=absolute_url(reverse("research:home"))
            ),
            purpose="researcher_application_approved",
        )
    return user


def researcher_application_decline(
    *, application: ResearcherApplication, decided_by: User
) -> ResearcherApplication:
    """Decline and tell the applicant kindly. No account is made or changed."""
    with transaction.atomic():
        application = _decide(application, status=ResearcherApplication.Status.DECLINED, decided_by=decided_by)
        record(actor=decided_by, action=Action.RESEARCHER_DECLINED, obj=application, label=f"#{application.pk}")
        email_compose(
            to=[application.email],
            language=application.language,
            subject=gettext_lazy("About your application for a researcher account"),
            template="research/email/account_declined.txt",
            context=lambda: _email_context(application),
            purpose="researcher_application_declined",
        )
    return application
