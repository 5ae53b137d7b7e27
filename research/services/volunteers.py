"""Writes for people who volunteer for a study: sign up with double opt-in, confirm from the
e-mail, withdraw at any time by the private link, and the sweep that deletes what was never
confirmed.

Volunteering for a study can reveal something about a person's health. Until the address is
confirmed, the one e-mail sent is neutral: it names neither the study nor its theme, so a
stranger typing someone else's address reveals nothing to whoever reads that mailbox. The
answer on the page is the same whatever happened (new, already volunteered, mailbox full for
today), so the form never tells whether someone has volunteered. Every e-mail after
confirmation carries a private link to the person's own page, where they see what they shared
and withdraw; withdrawing deletes their details at once and leaves only an anonymous count."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from facilitators.models import LinkPurpose
from facilitators.services.links import link_issue, links_spend
from outbox.services import email_compose, mailbox, recipient_allow
from samhold.http import absolute_url, address_limits
from samhold.limits import rate_limit_allow
from samhold.retention import kept_for

from ..models import Study, StudyCounter, StudyVersion, Volunteer, VolunteerLink

LANGUAGES = ("nb", "en")
# Sign-ups a network may send in an hour, over all studies (samhold.http.address_limits adds the
# wider IPv6 network). A setting of its own if the project defines one.
DEFAULT_LIMIT_PER_NETWORK_PER_HOUR = 5


class VolunteerRateLimited(Exception):
    """Too many sign-ups from one network in a short time."""


class StudyNotRecruiting(Exception):
    """The study no longer takes volunteers (closed, out of its period, or never approved)."""


class VersionChanged(Exception):
    """The study's approved text changed after the form was shown: the person has not seen the
    text they would be agreeing to."""


def _language(value: str) -> str:
    value = (value or "").split("-")[0].lower()
    return value if value in LANGUAGES else settings.LANGUAGE_CODE


def _limit_per_network() -> int:
    return getattr(settings, "SAMHOLD_RESEARCH_VOLUNTEER_LIMIT_PER_IP_PER_HOUR", DEFAULT_LIMIT_PER_NETWORK_PER_HOUR)


def screening_questions(version: StudyVersion) -> list[tuple[str, list[str]]]:
    """The version's screening questions as (question, choices), skipping any entry that is not
    a question with at least two distinct choices (the JSON is the researcher's)."""
    questions = []
    for item in version.screening_questions or []:
        if not isinstance(item, dict):
            continue
        question = item.get("question")
        choices = item.get("choices")
        if not isinstance(question, str) or not question.strip() or not isinstance(choices, list):
            continue
        choices = [choice for choice in dict.fromkeys(choices) if isinstance(choice, str) and choice.strip()]
        if len(choices) >= 2:
            questions.append((question.strip(), choices))
    return questions


def _check_answers(version: StudyVersion, answers: dict) -> dict:
    """Exactly one of the offered choices for every question the version asks, nothing else."""
    questions = screening_questions(version)
    if set(answers) != {question for question, _choices in questions}:
        raise ValidationError(_("Answer every question."))
    for question, choices in questions:
        if answers[question] not in choices:
            raise ValidationError(_("Answer every question with one of the choices given."))
    return {question: answers[question] for question, _choices in questions}


# Links ------------------------------------------------------------------------------------

def volunteer_manage_path(volunteer: Volunteer) -> str:
    """A new private link to the person's own page (what they shared, and withdrawing), as a
    path in their language (English pages live under /en/research/)."""
    token = link_issue(VolunteerLink, owner=volunteer, purpose=LinkPurpose.MANAGE)
    with override(volunteer.language or settings.LANGUAGE_CODE):
        return reverse("research:volunteer_manage", kwargs={"token": token})


def volunteer_manage_url(volunteer: Volunteer) -> str:
    """The same, absolute, for one e-mail. Every e-mail to a confirmed volunteer carries one."""
    return absolute_url(volunteer_manage_path(volunteer))


# Volunteering ------------------------------------------------------------------------------

def volunteer_sign_up(
    *,
    study: Study,
    version_number: int,
    name: str,
    email: str,
    phone: str = "",
    screening_answers: dict | None = None,
    group_name: str = "",
    wants_findings: bool = False,
    language: str,
    ip_address: str,
) -> None:
    """Take a volunteer for a recruiting study, unconfirmed, and send the neutral e-mail with
    the link that confirms it. The study's approved consent text is stored word for word with
    the version it belongs to, the time and the language.

    `version_number` is the version whose text the form showed: if another version has been
    approved since, nothing is stored and VersionChanged is raised, so nobody agrees to a text
    they did not see. An address whose mailbox has volunteered for the study already, or has had its
    day's share of e-mail from our forms, changes nothing and gets no e-mail: the caller answers
    the same in every case. Returns nothing for that reason.

    Raises VolunteerRateLimited, StudyNotRecruiting, VersionChanged or ValidationError."""
    limits = {
        **address_limits(ip_address, _limit_per_network()),
        # A circuit breaker per study: networks can be rotated (one /32 holds 65,536 /48s), a
        # study's hourly sign-ups cannot. A flood then stops at this many neutral e-mails.
        f"study:{study.pk}": settings.SAMHOLD_RESEARCH_VOLUNTEERS_PER_STUDY_PER_HOUR,
    }
    if not rate_limit_allow(scope="research_volunteer", limits=limits):
        raise VolunteerRateLimited
    email = email.strip().lower()
    language = _language(language)
    with transaction.atomic():
        # The study row is locked while it is checked and the volunteer stored: a new version
        # approved at the same moment waits, and the version stored is the one checked.
        locked = Study.objects.select_for_update(of=("self",)).select_related("live_version").filter(pk=study.pk).first()
        if locked is None or not locked.is_recruiting:
            raise StudyNotRecruiting
        version = locked.live_version
        if version.number != version_number:
            raise VersionChanged
        answers = _check_answers(version, screening_answers or {})
        # "Sigrid+studie@…" reaches the same person: one volunteer per mailbox and study.
        same = mailbox(email)
        if any(mailbox(known) == same for known in Volunteer.objects.filter(study=locked).values_list("email", flat=True)):
            return
        if not recipient_allow(email=email):
            return
        volunteer = Volunteer(
            study=locked,
            version=version,
            name=" ".join(name.split()),
            email=email,
            phone=" ".join(phone.split()),
            screening_answers=answers,
            group_name=" ".join(group_name.split()),
            wants_findings=wants_findings,
            consent_text=version.consent_text,
            consented_at=timezone.now(),
            language=language,
            status=Volunteer.Status.PENDING,
        )
        volunteer.full_clean()
        volunteer.save()
        token = link_issue(VolunteerLink, owner=volunteer, purpose=LinkPurpose.CONFIRM)
        email_compose(
            to=[email],
            language=language,
            subject=gettext_lazy("Confirm your sign-up on Samhold"),
            template="research/email/volunteer_confirm.txt",
            context=lambda: {
                "confirm_url": absolute_url(reverse("research:volunteer_confirm", kwargs={"token": token})),
                "days": kept_for("research_volunteer_unconfirmed").days,
            },
            purpose="research_volunteer_confirm",
        )


def volunteer_confirm(*, volunteer: Volunteer) -> Volunteer:
    """The person confirmed from the e-mail: from now on the study's researchers see them (as
    new). The confirm link is spent, and a confirmation naming the study, with the link to the
    person's own page, is sent. Confirming twice changes nothing.

    Raises StudyNotRecruiting if the study no longer takes volunteers: the researchers never
    see someone who confirmed after recruitment ended."""
    with transaction.atomic():
        study = Study.objects.select_for_update(of=("self",)).filter(pk=volunteer.study_id).first()
        if study is None or not study.is_recruiting:
            raise StudyNotRecruiting
        now = timezone.now()
        claimed = Volunteer.objects.filter(pk=volunteer.pk, status=Volunteer.Status.PENDING).update(
            status=Volunteer.Status.NEW, confirmed_at=now
        )
        volunteer = Volunteer.objects.select_related("study", "version").get(pk=volunteer.pk)
        if claimed:
            links_spend(VolunteerLink, owner=volunteer, purpose=LinkPurpose.CONFIRM)
            email_compose(
                to=[volunteer.email],
                language=volunteer.language,
                subject=gettext_lazy("You have volunteered for a study"),
                template="research/email/volunteer_confirmed.txt",
                context=lambda: {
                    "volunteer": volunteer,
                    "study": volunteer.study,
                    "manage_url": volunteer_manage_url(volunteer),
                    "after_close_days": kept_for("research_volunteer_after_close").days,
                },
                purpose="research_volunteer_confirmed",
            )
    return volunteer


def volunteer_withdraw(*, volunteer: Volunteer) -> bool:
    """Delete the volunteer at once, with their links, without asking why. A confirmed
    volunteer leaves one anonymous count on the study (StudyCounter.withdrawn), which is all
    the researchers see of them afterwards; an unconfirmed one ("it was not me") leaves
    nothing. Returns whether anything was deleted (False if it was gone already)."""
    with transaction.atomic():
        row = Volunteer.objects.select_for_update().filter(pk=volunteer.pk).values("study_id", "status").first()
        if row is None:
            return False
        Volunteer.objects.filter(pk=volunteer.pk).delete()
        if row["status"] != Volunteer.Status.PENDING:
            StudyCounter.objects.get_or_create(study_id=row["study_id"])
            StudyCounter.objects.filter(study_id=row["study_id"]).update(withdrawn=F("withdrawn") + 1)
    return True


# Sweeps -----------------------------------------------------------------------------------

def volunteers_unconfirmed_purge() -> int:
    """Delete volunteers nobody confirmed within SAMHOLD_RETENTION["research_volunteer_unconfirmed"]
    days, with their links. Run by housekeeping. Returns how many volunteers were deleted."""
    cutoff = timezone.now() - kept_for("research_volunteer_unconfirmed")
    _total, per_model = Volunteer.objects.filter(status=Volunteer.Status.PENDING, created_at__lt=cutoff).delete()
    return per_model.get(Volunteer._meta.label, 0)


def volunteer_links_for(email: str):
    """For "See or delete what we hold about you" (facilitators.services.privacy.MY_LINKS_SOURCES):
    fresh private links to each volunteering stored for this address, or None. Like the first
    e-mail, the text names no study: it may be read on a lock screen."""
    volunteers = list(Volunteer.objects.filter(email=email.strip().lower()).order_by("created_at", "pk"))
    if not volunteers:
        return None

    def items():
        made = []
        for volunteer in volunteers:
            date = date_format(timezone.localtime(volunteer.created_at), "DATE_FORMAT")
            if volunteer.status == Volunteer.Status.PENDING:
                token = link_issue(VolunteerLink, owner=volunteer, purpose=LinkPurpose.CONFIRM)
                text = _("Volunteering for a research study, made %(date)s, not confirmed (confirm or delete it):")
                url = absolute_url(reverse("research:volunteer_confirm", kwargs={"token": token}))
            else:
                text = _("Volunteering for a research study, made %(date)s:")
                url = volunteer_manage_url(volunteer)
            made.append({"text": text % {"date": date}, "url": url})
        return made

    return items
