"""What Samhold holds about a person, as plain data for the JSON copy they may download: from
the private link of a registration, sign-up or application, and from Min side for an account.

Each function returns only what belongs to that record or person; the views fetch the record
through its private link or the logged-in user, so nobody can ask for someone else's."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from groups.models import SelfHelpGroup

from ..models import (
    AuditEntry,
    FacilitatorApplication,
    InterestMessage,
    InterestRegistration,
    MeetingSignUp,
    StageChange,
    StartUp,
)


def _when(value):
    return value.isoformat() if value else None


def interest_data(registration: InterestRegistration) -> dict:
    return {
        "what": "interest registration",
        "email": registration.email,
        "phone": registration.phone,
        "municipality": registration.municipality.name,
        "also_within_km": registration.radius_km,
        "themes": [theme.display_name for theme in registration.themes.all()],
        "message": registration.message,
        "language": registration.language,
        "privacy_text_version": registration.consent_text_version,
        "registered": _when(registration.created_at),
        "confirmed": _when(registration.confirmed_at),
        "expires": _when(registration.expires_at),
        "told_about_groups": [
            {"group": told.group.name, "why": told.reason, "when": _when(told.sent_at)}
            for told in registration.notifications.select_related("group").order_by("sent_at")
        ],
    }


def signup_data(signup: MeetingSignUp) -> dict:
    meeting = signup.meeting
    return {
        "what": "information meeting sign-up",
        "name": signup.name,
        "email": signup.email,
        "phone": signup.phone,
        "status": signup.status,
        "meeting": {
            "group": meeting.group.name,
            "starts": _when(meeting.starts_at),
            "ends": _when(meeting.ends_at),
            "place": meeting.place,
        },
        "language": signup.language,
        "privacy_text_version": signup.consent_text_version,
        "signed_up": _when(signup.created_at),
        "confirmed": _when(signup.confirmed_at),
        "reminded": _when(signup.reminded_at),
    }


def application_data(application: FacilitatorApplication) -> dict:
    return {
        "what": "facilitator application",
        "name": application.name,
        "email": application.email,
        "phone": application.phone,
        "municipality": application.municipality.name,
        "organisation": application.organisation,
        "background": application.background,
        "status": application.status,
        "decision_note": application.decision_note,
        "language": application.language,
        "privacy_text_version": application.consent_text_version,
        "received": _when(application.created_at),
        "decided": _when(application.decided_at),
    }


def account_data(*, user) -> dict:
    """The account, its roles and areas, the groups it works with, and what it wrote or did."""
    return {
        "what": "Samhold account",
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "counties_as_coordinator": sorted(user.coordinator_counties.values_list("name", flat=True)),
        "municipalities_as_facilitator": sorted(user.facilitator_municipalities.values_list("name", flat=True)),
        "two_factor_login": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "groups_facilitated": sorted(
            StartUp.objects.filter(facilitators=user).values_list("group__name", flat=True)
        ),
        "groups_as_contact": sorted(SelfHelpGroup.objects.filter(contact=user).values_list("name", flat=True)),
        "stage_notes_written": [
            {"group": change.startup.group.name, "to": change.to_stage, "note": change.note, "when": _when(change.changed_at)}
            for change in StageChange.objects.filter(changed_by=user).select_related("startup__group").order_by("changed_at")
        ],
        "follow_up_answers": [
            {"group": startup.group.name, "answer": startup.follow_up_answer, "when": _when(startup.follow_up_answered_at)}
            for startup in StartUp.objects.filter(follow_up_answered_by=user).select_related("group")
        ],
        "messages_to_interested_people": [
            {"group": message.group.name, "message": message.body, "recipients": message.recipient_count,
             "when": _when(message.sent_at)}
            for message in InterestMessage.objects.filter(sender=user).select_related("group").order_by("sent_at")
        ],
        "record": [
            {"what": entry.action, "about": entry.object_label, "when": _when(entry.at)}
            for entry in AuditEntry.objects.filter(actor=user).order_by("at")
        ],
    }
