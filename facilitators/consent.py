"""The privacy text a person agrees to when they apply to become a facilitator.

The version is stored with each application, so we can always show what that person saw.
Change the version whenever the text changes in substance."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samhold.retention import kept_for

# 2026-12: undecided applications are deleted after SAMHOLD_RETENTION["facilitator_application_pending"] days.
APPLICATION_CONSENT_VERSION = "2026-12"

APPLICATION_PURPOSE = _(
    "We ask for this so that the regional coordinator for your county can decide whether you can "
    "become a facilitator, and contact you about it. Only the coordinators for your county and "
    "Samhold's national administrators see what you write."
)
# The figures come from SAMHOLD_RETENTION (application_retention() fills them in).
APPLICATION_RETENTION = _(
    "We keep the application until it has been decided, and then for at most %(decided_days)s days. If no "
    "decision has been made within %(pending_days)s days of sending it, we delete it and tell you by e-mail. "
    "If the application is declined, it is deleted %(decided_days)s days after the decision. If it is "
    "approved, your name, e-mail address and phone number are kept in your facilitator account."
)

APPLICATION_CONSENT_LABEL = _(
    "I agree that Samhold keeps and uses what I write here to handle my application, as described above."
)


def application_retention() -> str:
    """APPLICATION_RETENTION in the active language, with the periods in SAMHOLD_RETENTION."""
    return APPLICATION_RETENTION % {
        "decided_days": settings.SAMHOLD_RETENTION["facilitator_application_decided"],
        "pending_days": settings.SAMHOLD_RETENTION["facilitator_application_pending"],
    }


# Information meetings ---------------------------------------------------------------------
# Signing up for an information meeting reveals an interest in a health theme.

MEETING_SIGNUP_CONSENT_VERSION = "2026-12-meeting"

MEETING_SIGNUP_PURPOSE = _(
    "We ask for your name and an e-mail address or phone number so that the facilitator knows who "
    "is coming and can reach you if the meeting changes. Only the facilitator holding the meeting, "
    "the regional coordinator for the county and Samhold's national administrators see your sign-up. "
    "Signing up for this meeting can tell them that the theme matters to you."
)
# The figures come from SAMHOLD_RETENTION (meeting_signup_retention() fills them in).
MEETING_SIGNUP_RETENTION = _(
    "If you give an e-mail address, you get a place only when you confirm the sign-up from the e-mail we send; "
    "if you do not confirm it within %(unconfirmed_hours)s hours, it is deleted. If you give only a phone number, "
    "the facilitator calls you to confirm. Your sign-up is deleted %(after_meeting_days)s days after the meeting, "
    "or %(after_cancellation_days)s days after the meeting is cancelled. You can cancel your sign-up yourself at "
    "any time, and it is then deleted at once."
)
MEETING_SIGNUP_CONSENT_LABEL = _(
    "I agree that Samhold keeps my sign-up and shows it to the facilitator, as described above, "
    "even though it shows an interest in the group's theme."
)


# Interest registrations ("Meld interesse") ------------------------------------------------

INTEREST_CONSENT_VERSION = "2026-12-interest"

INTEREST_PURPOSE = _(
    "We ask for this so that we can tell you when a self-help group on your theme starts near you, and so "
    "that facilitators can see where groups are needed. What you write tells something about your health, so "
    "we keep as little as we can."
)
INTEREST_WHO_SEES = _(
    "Only the facilitators for your municipality, the regional coordinator for your county and Samhold's "
    "national administrators can see your registration. Other facilitators and coordinators see only a range "
    "for your whole county, such as “3–9” people asking for a theme, never a number for your municipality, and "
    "nothing at all when fewer than 3 in the county have asked. A facilitator can write to you through "
    "Samhold about a group; if you answer, they see your e-mail address."
)
# The figures come from SAMHOLD_RETENTION (interest_retention() fills them in).
INTEREST_RETENTION = _(
    "Your registration counts only after you confirm it from the e-mail we send; if you do not, it is deleted "
    "after %(unconfirmed_days)s days. Once confirmed, it is kept for %(confirmed_months)s months. A month before "
    "it expires we ask whether you want to keep it for another %(confirmed_months)s months. You can see, change "
    "or delete it at any time from the link in every e-mail we send."
)
INTEREST_CONSENT_LABEL = _(
    "I agree that Samhold keeps what I write here and contacts me by e-mail about self-help groups on these "
    "themes, as described above."
)


def meeting_signup_retention() -> str:
    """MEETING_SIGNUP_RETENTION in the active language, with the periods in SAMHOLD_RETENTION."""
    return MEETING_SIGNUP_RETENTION % {
        "unconfirmed_hours": int(kept_for("meeting_signup_unconfirmed").total_seconds() // 3600),
        "after_meeting_days": kept_for("meeting_signup_after_meeting").days,
        "after_cancellation_days": kept_for("meeting_signup_after_cancellation").days,
    }


def interest_retention() -> str:
    """INTEREST_RETENTION in the active language, with the periods in SAMHOLD_RETENTION (a year
    of days said as twelve months)."""
    return INTEREST_RETENTION % {
        "unconfirmed_days": kept_for("interest_unconfirmed").days,
        "confirmed_months": round(kept_for("interest_confirmed").days * 12 / 365),
    }
