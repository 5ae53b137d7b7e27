"""Run every few minutes (cron in production; `make run` does it in development).

Requeues e-mail whose retry is due (a safety net behind the task queue's own deferred
retries, for a worker that died mid-send) and deletes what we promised not to keep."""

from django.core.management import BaseCommand

from facilitators.services import facilitator_applications_purge, login_attempts_purge
from groups.services import contact_requests_purge
from outbox.services import email_purge_expired, email_retry_due


class Command(BaseCommand):
    help = "Retry due e-mail and delete expired records."

    def handle(self, *args, **options):
        retried = email_retry_due()
        purged_email = email_purge_expired()
        purged_requests = contact_requests_purge()
        purged_logins = login_attempts_purge()
        purged_applications = facilitator_applications_purge()
        if options["verbosity"] > 1 or retried or purged_email or purged_requests or purged_logins or purged_applications:
            self.stdout.write(
                f"e-mail requeued: {retried}; expired e-mail records deleted: {purged_email}; "
                f"contact-rate records deleted: {purged_requests}; failed logins deleted: {purged_logins}; "
                f"decided facilitator applications deleted: {purged_applications}"
            )
