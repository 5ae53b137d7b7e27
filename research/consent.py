"""What Samhold tells a person who volunteers for a study: why it asks, who sees it, how long
it is kept, and the box they tick.

Two texts meet on the volunteer form. The study's own consent text (StudyVersion.consent_text)
is the researcher's, approved with the study; it is stored word for word with each volunteer,
with the version, so they can always see what they agreed to. The texts here are Samhold's own
part: what Samhold does with the details while it puts the person in touch. Change
VOLUNTEER_PRIVACY_VERSION whenever they change in substance."""

from django.utils.translation import gettext_lazy as _

from samhold.retention import kept_for

# 2026-12: unconfirmed volunteers are deleted after SAMHOLD_RETENTION["research_volunteer_unconfirmed"]
# days, confirmed ones ["research_volunteer_after_close"] days after recruitment ends.
VOLUNTEER_PRIVACY_VERSION = "2026-12-volunteer"

VOLUNTEER_PURPOSE = _(
    "We ask for this only to put you in touch with the researchers of this study. Samhold takes no part in "
    "the research and collects no research data: interviews, diaries and questionnaires happen in the "
    "study's own approved tools. Volunteering for a study can tell something about your health, so we keep "
    "as little as we can."
)
VOLUNTEER_WHO_SEES = _(
    "Only the researchers of this study see what you give here, and only after you have confirmed it from "
    "the e-mail we send. Samhold's national administrators see how many people volunteered, never who. "
    "Nobody in your group, no facilitator and no coordinator is told."
)
# The figures come from SAMHOLD_RETENTION (volunteer_retention() fills them in).
VOLUNTEER_RETENTION = _(
    "If you do not confirm from the e-mail within %(unconfirmed_days)s days, we delete what you gave. Once "
    "you have confirmed, Samhold keeps it until %(after_close_days)s days after the study stops recruiting, "
    "and then deletes it; what the researchers need for the study they keep in their own system, as the "
    "information letter describes. You can see what you shared and withdraw at any time, without giving a "
    "reason, from the link in every e-mail we send: your details are then deleted from Samhold at once."
)
VOLUNTEER_CONSENT_LABEL = _(
    "I agree to the text above, and that Samhold gives my name, contact details and answers to the "
    "researchers of this study."
)
# Interest in a group and consent to research are never inferred from each other.
RESEARCH_APART_FROM_INTEREST = _(
    "Volunteering for a study is separate from any group you are in or have asked about: nobody in a group "
    "is told, and registering interest in a group never means being contacted about research."
)


def volunteer_retention() -> str:
    """VOLUNTEER_RETENTION in the active language, with the periods in SAMHOLD_RETENTION."""
    return VOLUNTEER_RETENTION % {
        "unconfirmed_days": kept_for("research_volunteer_unconfirmed").days,
        "after_close_days": kept_for("research_volunteer_after_close").days,
    }
