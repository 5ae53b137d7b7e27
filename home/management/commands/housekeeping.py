"""Run every few minutes (cron in production; `make run` does it in development).

Requeues e-mail whose retry is due (a safety net behind the task queue's own deferred
retries, for a worker that died mid-send), sends what is due (meeting reminders, follow-ups,
interest notifications and renewal reminders) and deletes what we promised not to keep."""

from django.core.management import BaseCommand

from facilitators.services import (
    facilitator_applications_pending_purge,
    facilitator_applications_purge,
    login_attempts_purge,
    sessions_purge,
)
from facilitators.services.interest import (
    interest_expired_purge,
    interest_messages_purge,
    interest_notify_due,
    interest_renewal_reminders_send_due,
)
from facilitators.services.meetings import meeting_reminders_send_due, meeting_signups_purge
from facilitators.services.records import audit_entries_purge
from facilitators.services.startups import startup_follow_ups_send_due, startup_notes_blank
from facilitators.services.two_factor import second_factor_setups_purge
from outbox.services import email_purge_expired, email_retry_due
from research.services.groups import groups_invite_due
from research.services.retention import (
    research_deletion_warnings_send_due,
    research_group_answers_purge,
    research_volunteers_purge,
    researcher_applications_purge,
    studies_close_due,
)
from research.services.volunteers import volunteers_unconfirmed_purge
from samhold.limits import rate_marks_purge

# (what the number counts, the job); each job returns how many things it did. The periods are
# in settings.SAMHOLD_RETENTION.
JOBS = [
    ("e-mail requeued", email_retry_due),
    ("expired e-mail records deleted", email_purge_expired),
    ("rate-limit marks deleted", rate_marks_purge),
    ("failed logins deleted", login_attempts_purge),
    ("unconfirmed two-factor apps deleted", second_factor_setups_purge),
    ("ended sessions deleted", sessions_purge),
    ("decided facilitator applications deleted", facilitator_applications_purge),
    ("undecided facilitator applications deleted", facilitator_applications_pending_purge),
    ("old record entries deleted", audit_entries_purge),
    ("old start-up notes blanked", startup_notes_blank),
    ("meeting reminders sent", meeting_reminders_send_due),
    ("old meeting sign-ups deleted", meeting_signups_purge),
    ("start-up follow-ups sent", startup_follow_ups_send_due),
    ("people told about a group", interest_notify_due),
    ("interest renewal reminders sent", interest_renewal_reminders_send_due),
    ("expired interest registrations deleted", interest_expired_purge),
    ("old messages to interested people deleted", interest_messages_purge),
    ("studies closed at the end of recruitment", studies_close_due),
    ("groups asked about recruiting studies", groups_invite_due),
    ("researchers warned before their volunteers are deleted", research_deletion_warnings_send_due),
    ("unconfirmed study volunteers deleted", volunteers_unconfirmed_purge),
    ("study volunteers deleted after recruitment", research_volunteers_purge),
    ("groups' answers to studies deleted", research_group_answers_purge),
    ("old researcher applications deleted", researcher_applications_purge),
]


class Command(BaseCommand):
    help = "Send due reminders, retry due e-mail and delete expired records."

    def handle(self, *args, **options):
        counts = [(label, job()) for label, job in JOBS]
        if options["verbosity"] > 1 or any(count for _label, count in counts):
            self.stdout.write("; ".join(f"{label}: {count}" for label, count in counts))
