"""The e-mail task: deliver one e-mail, and after a failure enqueue the next try for when its
backoff is over (where the task backend can defer; otherwise housekeeping's sweep picks it up)."""

from django_tasks import task

from .delivery import email_deliver
from .models import OutgoingEmail


@task()
def deliver_email(*, email_id: int) -> str:
    state = email_deliver(email_id=email_id)
    if state == OutgoingEmail.State.PENDING and deliver_email.get_backend().supports_defer:
        email = OutgoingEmail.objects.get(pk=email_id)
        deliver_email.using(run_after=email.next_attempt_at).enqueue(email_id=email_id)
    return state
