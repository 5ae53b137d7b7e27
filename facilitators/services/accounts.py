"""Writes for accounts: the record of failed logins that protects against guessing, login
sessions, and applications to become a facilitator."""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from directory.models import Municipality
from outbox.services import email_compose, recipient_allow
from samhold.crypto import keyed_hash
from samhold.http import absolute_url, address_limits, wider_network
from samhold.limits import rate_limit_allow
from samhold.retention import kept_for
from samhold.site import coordinator_contact, privacy_url

from .. import roles
from ..models import ApplicationLink, FacilitatorApplication, LinkPurpose, LoginAttempt, User
from ..notifications import application_received_notify
from .links import link_issue
from .records import Action, record

logger = logging.getLogger(__name__)


def login_failure_record(*, email: str, ip_address: str) -> None:
    """Record one failed login for the (typed e-mail address, network) pair, as keyed hashes."""
    wider = wider_network(ip_address)
    attempt = LoginAttempt(
        email_hash=keyed_hash("login-email", email),
        ip_hash=keyed_hash("login-address", ip_address),
        wide_hash=keyed_hash("login-wide", wider) if wider else "",
    )
    attempt.full_clean()
    with transaction.atomic():
        attempt.save()


def login_failures_clear(*, email: str, ip_address: str) -> int:
    """Forget the pair's failures after a successful login. Returns how many were deleted."""
    deleted, _ = LoginAttempt.objects.filter(
        email_hash=keyed_hash("login-email", email), ip_hash=keyed_hash("login-address", ip_address)
    ).delete()
    return deleted


def login_attempts_purge() -> int:
    """A lock lasts minutes and the wide locks count an hour; failed logins are deleted
    SAMHOLD_RETENTION["login_attempt"] days after they happened. Returns how many were deleted."""
    deleted, _ = LoginAttempt.objects.filter(created_at__lt=timezone.now() - kept_for("login_attempt")).delete()
    return deleted


def sessions_purge() -> int:
    """Delete login sessions that have ended (an hour after their last use, SESSION_COOKIE_AGE),
    which Django's session store otherwise keeps for ever. Returns how many were deleted where
    the store can count them (the database store), else 0."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    count = 0
    if hasattr(store, "get_model_class"):
        count = store.get_model_class().objects.filter(expire_date__lt=timezone.now()).count()
    store.clear_expired()
    return count


def password_reset_allow(*, email: str, ip_address: str) -> bool:
    """Whether a password-reset e-mail may be sent for this request, and count it if so.

    At most SAMHOLD_PASSWORD_RESET_LIMIT_PER_EMAIL_PER_HOUR per typed address and
    SAMHOLD_PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR per IP address. Counted whether or not an
    account has the address, so the limit never tells whether one exists."""
    return rate_limit_allow(
        scope="password_reset",
        limits={
            f"email:{email.strip().lower()}": settings.SAMHOLD_PASSWORD_RESET_LIMIT_PER_EMAIL_PER_HOUR,
            **address_limits(ip_address, settings.SAMHOLD_PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR),
        },
    )


class ApplicationRateLimited(Exception):
    """Too many applications from one address in a short time."""


class ApplicationAlreadyDecided(Exception):
    """The application was approved or declined already (perhaps by another coordinator)."""


def facilitator_apply(
    *,
    name: str,
    email: str,
    municipality: Municipality,
    background: str,
    consent_text_version: str,
    ip_address: str,
    phone: str = "",
    organisation: str = "",
) -> FacilitatorApplication:
    """Record an application to become a facilitator and confirm it to the applicant by e-mail.

    Raises ApplicationRateLimited after SAMHOLD_APPLICATION_LIMIT_PER_IP_PER_HOUR applications
    from one IP address within an hour, and ValidationError for an ended municipality."""
    if municipality.ended_on is not None:
        raise ValidationError({"municipality": _("This municipality no longer exists. Choose the one you live in now.")})
    now = timezone.now()
    with transaction.atomic():
        # The same application sent again (a double click, the form sent once more) while the
        # first waits for a decision is answered the same and saves and sends nothing. The
        # municipality's row is locked so that two at once are seen one after the other.
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        same = FacilitatorApplication.objects.filter(
            status=FacilitatorApplication.Status.PENDING,
            name=name,
            email__iexact=email,
            phone=phone,
            municipality=municipality,
            organisation=organisation,
            background=background,
        ).first()
        if same is not None:
            return same
        if not rate_limit_allow(
            scope="facilitator_application",
            limits=address_limits(ip_address, settings.SAMHOLD_APPLICATION_LIMIT_PER_IP_PER_HOUR),
        ):
            raise ApplicationRateLimited
        application = FacilitatorApplication(
            name=name,
            email=email,
            phone=phone,
            municipality=municipality,
            organisation=organisation,
            background=background,
            consent_text_version=consent_text_version,
            created_at=now,
            language=_language(),
        )
        application.full_clean()
        application.save()
        # In the language the person applied in. The address is not confirmed, so the e-mail
        # repeats nothing typed into the form (not even the name); it carries the private link
        # where the applicant sees or withdraws the application. An address that has had its
        # day's share of our forms' e-mail gets none (the application still reaches the coordinator).
        if recipient_allow(email=application.email):
            email_compose(
                to=[application.email],
                language=application.language,
                subject=gettext_lazy("We have received your application to become a facilitator"),
                template="facilitators/email/application_received.txt",
                context=lambda: _email_context(application, manage_url=application_manage_url(application)),
                purpose="facilitator_application",
            )
        application_received_notify(application)
    return application


def _language() -> str:
    """The active language if the site offers it (nb or en), else the site's default."""
    language = (get_language() or "").split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _email_context(application: FacilitatorApplication, **extra) -> dict:
    """What every e-mail about an application says about the applicant's data: whom to write
    to have it deleted, and the privacy statement. Call inside the applicant's language."""
    return {
        "application": application,
        "coordinator": coordinator_contact(),
        "privacy_url": privacy_url(),
        "decided_days": settings.SAMHOLD_RETENTION["facilitator_application_decided"],
        "pending_days": settings.SAMHOLD_RETENTION["facilitator_application_pending"],
        **extra,
    }


def application_manage_url(application: FacilitatorApplication) -> str:
    """A new private link where the applicant sees or withdraws the application, for one e-mail."""
    token = link_issue(ApplicationLink, owner=application, purpose=LinkPurpose.MANAGE)
    with override(application.language):
        return absolute_url(reverse("facilitators:application_manage", kwargs={"token": token}))


def facilitator_application_withdraw(*, application: FacilitatorApplication) -> None:
    """The applicant withdraws a pending application by its private link: deleted at once.
    A decided one is already on its way out (30 days after the decision)."""
    with transaction.atomic():
        FacilitatorApplication.objects.filter(pk=application.pk, status=FacilitatorApplication.Status.PENDING).delete()


def set_password_url(user: User) -> str:
    """An absolute link where the person chooses a password; it works once, for a few days."""
    path = reverse(
        "facilitators:set_password",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
    )
    return absolute_url(path)


def entry_url(user: User) -> str:
    """Where an e-mail sends a person into Min side: choose a password first, or log in."""
    return absolute_url(reverse("facilitators:login")) if user.has_usable_password() else set_password_url(user)


def _decide(application: FacilitatorApplication, *, status: str, decided_by: User, note: str) -> FacilitatorApplication:
    locked = FacilitatorApplication.objects.select_for_update().select_related("municipality").get(pk=application.pk)
    if locked.status != FacilitatorApplication.Status.PENDING:
        raise ApplicationAlreadyDecided
    locked.status = status
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.full_clean()
    locked.save()
    return locked


def facilitator_application_approve(
    *, application: FacilitatorApplication, decided_by: User, note: str = ""
) -> User:
    """Approve an application: the applicant gets (or keeps, matched by e-mail address) an
    account in the facilitator role and an e-mail with a link to choose a password.

    A new account has no usable password until the applicant chooses one. Returns the account."""
    with transaction.atomic():
        application = _decide(application, status=FacilitatorApplication.Status.APPROVED, decided_by=decided_by, note=note)
        user = User.objects.filter(email__iexact=application.email).first()
        if user is None:
            first_name, _space, last_name = application.name.strip().rpartition(" ")
            if not first_name:
                first_name, last_name = last_name, ""
            user = User(
                email=application.email.lower(),
                first_name=first_name[:150],
                last_name=last_name[:150],
                phone=application.phone,
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
        user.groups.add(Group.objects.get(name=roles.FACILITATOR))
        # The facilitator starts groups where they applied; a coordinator can add more places.
        user.facilitator_municipalities.add(application.municipality)
        # The label is the application's number: its name would be the applicant's.
        record(actor=decided_by, action=Action.APPLICATION_APPROVED, obj=application, label=f"#{application.pk}",
               detail=application.municipality.name_plain)
        # In the language the person applied in; the link opens the site in it too.
        email_compose(
            to=[user.email],
            language=application.language,
            subject=gettext_lazy("You can now be a facilitator on Samhold"),
            template="facilitators/email/application_approved.txt",
            context=lambda: _email_context(application, user=user, url=set_password_url(user)),
            purpose="facilitator_application_approved",
        )
    return user


def facilitator_application_decline(
    *, application: FacilitatorApplication, decided_by: User, note: str = ""
) -> FacilitatorApplication:
    """Decline an application and tell the applicant kindly. No account is created."""
    with transaction.atomic():
        application = _decide(application, status=FacilitatorApplication.Status.DECLINED, decided_by=decided_by, note=note)
        record(actor=decided_by, action=Action.APPLICATION_DECLINED, obj=application, label=f"#{application.pk}",
               detail=application.municipality.name_plain)
        email_compose(
            to=[application.email],
            language=application.language,
            subject=gettext_lazy("About your application to become a facilitator"),
            template="facilitators/email/application_declined.txt",
            context=lambda: _email_context(application),
            purpose="facilitator_application_declined",
        )
    return application


def facilitator_applications_purge() -> int:
    """Delete applications SAMHOLD_RETENTION["facilitator_application_decided"] days after they
    were decided (an approved applicant's account stays). Returns how many were deleted."""
    deleted, _count = (
        FacilitatorApplication.objects.filter(decided_at__lt=timezone.now() - kept_for("facilitator_application_decided"))
        .filter(~Q(status=FacilitatorApplication.Status.PENDING))
        .delete()
    )
    return deleted


def facilitator_applications_pending_purge() -> int:
    """Delete applications no coordinator has decided within
    SAMHOLD_RETENTION["facilitator_application_pending"] days of receiving them, and tell each
    applicant by e-mail (in the language they applied in) that it was deleted and that they may
    apply again. Returns how many were deleted."""
    cutoff = timezone.now() - kept_for("facilitator_application_pending")
    stale = FacilitatorApplication.objects.filter(
        status=FacilitatorApplication.Status.PENDING, created_at__lt=cutoff
    ).select_related("municipality")
    deleted = 0
    for application in stale:
        with transaction.atomic():
            # Only if it is still undecided: a coordinator may decide at this very moment.
            gone, _count = FacilitatorApplication.objects.filter(
                pk=application.pk, status=FacilitatorApplication.Status.PENDING
            ).delete()
            if not gone:
                continue
            email_compose(
                to=[application.email],
                language=application.language,
                subject=gettext_lazy("Your application to become a facilitator has been deleted"),
                template="facilitators/email/application_expired.txt",
                # The form's address in the applicant's language.
                context=lambda application=application: _email_context(application, apply_url=absolute_url(reverse("facilitators:application"))),
                purpose="facilitator_application_expired",
            )
        # For the administrators: a county's applications are waiting too long. No name.
        logger.warning(
            "Facilitator application #%s for %s was not decided within %s days and was deleted.",
            application.pk, application.municipality.name_plain,
            settings.SAMHOLD_RETENTION["facilitator_application_pending"],
        )
        deleted += 1
    return deleted
