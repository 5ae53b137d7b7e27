"""The register of what Samhold processes about people: every flow of personal data, why, on
what legal basis, who sees it, how long it is kept and how to see and delete it.

The privacy statement ("Personvern") shows it through the DataRegisterBlock, so its periods
always come from settings.SAMHOLD_RETENTION (the figures housekeeping enforces) and can never
drift from what the code does. A test names every flow and checks its figures."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class DataFlow:
    key: str
    name: str
    what: str
    why: str
    basis: str
    who_sees: str
    kept: str
    your_rights: str


def _days(key: str) -> int:
    return settings.SAMHOLD_RETENTION[key]


def _n_days(days: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


CONSENT = _("Your consent (GDPR art. 6(1)(a), and art. 9(2)(a) since it can tell something about your health).")
LINK_RIGHTS = _(
    "The link in every e-mail we send you opens a page where you see it, download a copy (JSON), change it or "
    "delete it at once. Lost the e-mail? Ask for new links on the page “See or delete what we hold about you”."
)


def data_flows() -> list[DataFlow]:
    """Every flow of personal data, in the active language, with its periods from settings."""
    return [
        DataFlow(
            key="visit",
            name=_("Reading the pages"),
            what=_(
                "Nothing about you. No analytics and nothing loaded from other sites. Forms set one necessary cookie "
                "against misuse (CSRF), which lasts until you close the browser."
            ),
            why=_("To keep the forms safe."),
            basis=_("Legitimate interest in a secure service (GDPR art. 6(1)(f))."),
            who_sees=_("Nobody."),
            kept=_("Until you close the browser."),
            your_rights=_("You can delete cookies in your browser at any time."),
        ),
        DataFlow(
            key="contact",
            name=_("A message to a group"),
            what=_(
                "Your name, your e-mail address or phone number (or both) and your message, and a keyed code made "
                "from your network address."
            ),
            why=_("To send your message to the group's contact person, who answers you directly by e-mail, phone or text message."),
            basis=CONSENT,
            who_sees=_("The group's contact person (a member, or the facilitator while the group starts)."),
            kept=_(
                "The message, with your e-mail address or phone number, is deleted as soon as it is delivered; if it "
                "cannot be delivered, after %(undeliverable)s. "
                "A note that a message was sent (no address, no text) is kept %(delivered)s. The code made from your "
                "network address is kept %(ip)s, to limit misuse."
            ) % {
                "undeliverable": _n_days(_days("email_undeliverable")),
                "delivered": _n_days(_days("email_delivered")),
                "ip": _n_days(_days("email_send_mark")),
            },
            your_rights=_("Nothing is kept about you after delivery, so there is nothing left to see or delete."),
        ),
        DataFlow(
            key="interest",
            name=_("Registering interest in a group (“Meld interesse”)"),
            what=_(
                "Your e-mail address, the themes and municipality you chose, how far you would travel, and a phone "
                "number and a few words if you gave them; which groups we told you about."
            ),
            why=_(
                "To tell you when a group on your theme starts near you, and to show facilitators where groups are "
                "needed."
            ),
            basis=CONSENT,
            who_sees=_(
                "The facilitators for your municipality, the regional coordinator for your county and the national "
                "administrators. Others see only ranges by county, never your municipality's number. A facilitator "
                "may write to you through Samhold; if you answer, they see your e-mail address."
            ),
            kept=_(
                "If you do not confirm it from the e-mail, it is deleted after %(unconfirmed)s. Once confirmed, it is "
                "kept %(confirmed)s, unless you renew it. A facilitator's message to interested people is kept %(message)s for the coordinator to read; "
                "it holds no list of who received it."
            ) % {
                "unconfirmed": _n_days(_days("interest_unconfirmed")),
                "confirmed": _n_days(_days("interest_confirmed")),
                "message": _n_days(_days("interest_message")),
            },
            your_rights=LINK_RIGHTS,
        ),
        DataFlow(
            key="signup",
            name=_("Signing up for an information meeting"),
            what=_("Your name, and your e-mail address or phone number."),
            why=_("So the facilitator knows who is coming and can reach you if the meeting changes."),
            basis=CONSENT,
            who_sees=_(
                "The facilitator holding the meeting, the regional coordinator for the county and the national "
                "administrators."
            ),
            kept=_(
                "An e-mail sign-up you do not confirm is deleted after %(unconfirmed)s. Otherwise it is kept until "
                "%(after)s after the meeting, or %(cancelled)s after the meeting is cancelled."
            ) % {
                "unconfirmed": _n_days(_days("meeting_signup_unconfirmed")),
                "after": _n_days(_days("meeting_signup_after_meeting")),
                "cancelled": _n_days(_days("meeting_signup_after_cancellation")),
            },
            your_rights=LINK_RIGHTS,
        ),
        DataFlow(
            key="application",
            name=_("Applying to become a facilitator"),
            what=_(
                "Your name, e-mail address, phone number if given, municipality, organisation and what you wrote "
                "about yourself."
            ),
            why=_("So the regional coordinator can decide whether you can become a facilitator, and answer you."),
            basis=CONSENT,
            who_sees=_("The regional coordinators for your county and the national administrators."),
            kept=_(
                "Until it is decided, but at most %(pending)s; then %(decided)s after the decision. If you are approved, "
                "your name, e-mail address and phone number live on in your account."
            ) % {
                "pending": _n_days(_days("facilitator_application_pending")),
                "decided": _n_days(_days("facilitator_application_decided")),
            },
            your_rights=_(
                "The e-mail confirming your application has a link where you see it, download a copy or withdraw it."
            ),
        ),
        DataFlow(
            key="research_volunteer",
            name=_("Volunteering for a research study"),
            what=_(
                "Your name, e-mail address, phone number if given, your answers to the study's screening questions, "
                "the group you are in if you name it, whether you want the summary of the findings, and the consent "
                "text you agreed to with its version and time. Samhold collects no research data: interviews, diaries "
                "and questionnaires happen in the study's own approved tools."
            ),
            why=_("To put you in touch with an approved study you chose to volunteer for, and nothing else."),
            basis=CONSENT,
            who_sees=_(
                "Only the researcher of that study, after you have confirmed from the e-mail. Every time they open "
                "or download the list, it is recorded."
            ),
            kept=_(
                "A volunteering you do not confirm is deleted after %(unconfirmed)s. Otherwise it is deleted "
                "%(after)s after the study stops recruiting, or at once if you withdraw."
            ) % {
                "unconfirmed": _n_days(_days("research_volunteer_unconfirmed")),
                "after": _n_days(_days("research_volunteer_after_close")),
            },
            your_rights=_(
                "The link in every e-mail about the study opens a page where you see what was shared and withdraw, "
                "without giving a reason; your details are then deleted at once. What the researcher already moved "
                "into the study's own system is governed by the study's information letter."
            ),
        ),
        DataFlow(
            key="research_group",
            name=_("Answers from groups to research studies"),
            what=_(
                "Whether the group said yes, no or not now to a visit, its note and the times that would suit it, "
                "and who answered."
            ),
            why=_("So the researcher can arrange a visit with the groups that want one."),
            basis=_("Legitimate interest in letting groups take part in research they choose (GDPR art. 6(1)(f))."),
            who_sees=_(
                "The group's facilitators and contact person, the study's researcher and the national administrators. "
                "No group is told what other groups answered."
            ),
            kept=_n_days(_days("research_group_answer_after_close")),
            your_rights=_("The group's facilitator or contact person can change the answer while the study recruits."),
        ),
        DataFlow(
            key="research_application",
            name=_("Applying for a researcher account"),
            what=_("Your name, work e-mail address, institution and role."),
            why=_("So the national administrators can check that you are a researcher before you can recruit."),
            basis=_("Legitimate interest in letting only real researchers recruit (GDPR art. 6(1)(f))."),
            who_sees=_("The national administrators."),
            kept=_(
                "Until it is decided, but at most %(pending)s; then %(decided)s after the decision. If you are "
                "approved, your name and e-mail address live on in your account."
            ) % {
                "pending": _n_days(_days("researcher_application_pending")),
                "decided": _n_days(_days("researcher_application_decided")),
            },
            your_rights=_("Write to the national administrators to see or delete it before it is decided."),
        ),
        DataFlow(
            key="account",
            name=_("Accounts for facilitators, group contacts and staff"),
            what=_(
                "Name, e-mail address, phone number, your roles and areas, your two-factor app if you have one, and "
                "what you write about the groups you start. Logging in uses a session cookie (deleted when you close "
                "the browser or after an hour unused) and a cookie that remembers the browsers you logged in from "
                "(only a keyed code, for %(device)s), so no one can lock you out by guessing your password."
            ) % {"device": _n_days(settings.SAMHOLD_KNOWN_DEVICE_DAYS)},
            why=_("So you can do your work on Min side or in the admin, safely."),
            basis=_("Legitimate interest in organising the self-help work you have taken on (GDPR art. 6(1)(f))."),
            who_sees=_(
                "The regional coordinators for your area and the national administrators. A group's public page "
                "never shows its contact person's name or address."
            ),
            kept=_(
                "As long as you have the account. Sessions are deleted at the latest %(session)s after their last use; failed "
                "logins (as keyed codes) after %(login)s. Notes about start-ups and answers to the follow-up are "
                "blanked %(notes)s after they were written."
            ) % {
                "session": _n_days(_days("session")),
                "login": _n_days(_days("login_attempt")),
                "notes": _n_days(_days("startup_note")),
            },
            your_rights=_(
                "On Min side, under “What we hold about you”, you see it all, download a copy (JSON) and delete the "
                "account."
            ),
        ),
        DataFlow(
            key="record",
            name=_("The record of what staff do"),
            what=_(
                "Who approved, changed or looked at what, and when: for example that a facilitator opened the list "
                "of interested people for a group. Never the people on the list."
            ),
            why=_("So the administrators can check that health information is used only as it should be."),
            basis=_("Legitimate interest in protecting the people whose information we hold (GDPR art. 6(1)(f))."),
            who_sees=_("The national administrators."),
            kept=_n_days(_days("audit_entry")),
            your_rights=_("Staff find their own entries in the copy they download on Min side."),
        ),
        DataFlow(
            key="limits",
            name=_("Limits against misuse of the forms"),
            what=_(
                "Keyed codes made from the e-mail addresses and network addresses that forms send e-mail to or are "
                "sent from. A code cannot be turned back into the address."
            ),
            why=_("So nobody can flood someone's inbox from our address, or guess passwords."),
            basis=_("Legitimate interest in a secure service (GDPR art. 6(1)(f))."),
            who_sees=_("Nobody: only the code that counts."),
            kept=_n_days(_days("email_send_mark")),
            your_rights=_("There is nothing that can be tied to you."),
        ),
        DataFlow(
            key="backup",
            name=_("Backups"),
            what=_(
                "A copy of the database and of the uploaded files, taken every day: everything described above as it "
                "was that day."
            ),
            why=_("So nothing is lost if a disk fails or a mistake deletes too much."),
            basis=_("The same as for each piece of information in the copy."),
            who_sees=_("Nobody, unless a copy has to be restored; then only the system administrators."),
            kept=_(
                "%(days)s. What you delete disappears from the service at once, and from the backups when the last "
                "copy that holds it is deleted, at the latest %(days)s later."
            ) % {"days": _n_days(_days("backup"))},
            your_rights=_(
                "Your rights are the same as for the service itself. A backup is used only to restore the service "
                "after a failure, never to look things up."
            ),
        ),
    ]
