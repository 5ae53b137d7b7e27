"""Wagtail's own moderation e-mail, narrowed to the county.

Wagtail tells every member of the approval task's roles that something was submitted: every
coordinator in Norway would read the name of a draft group in another county (its name tells
its theme and place). Samhold's notifier tells only the people who may decide on that group —
the coordinators for its county and the national administrators."""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted

WAGTAIL_DISPATCH_UID = "group_approval_task_submitted_email_notification"


class CountySubmissionEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_recipient_users(self, task_state, **kwargs):
        recipients = super().get_recipient_users(task_state, **kwargs)
        task = task_state.task.specific
        may_decide = getattr(task, "may_decide", None)
        if may_decide is None:
            return recipients
        obj = task_state.workflow_state.content_object
        return [user for user in recipients.distinct() if may_decide(obj, user)]


county_submission_email_notifier = CountySubmissionEmailNotifier()


def narrow_submission_email() -> None:
    """Replace Wagtail's submission notifier with the county's (after wagtail.admin connected it)."""
    task_submitted.disconnect(sender=TaskState, dispatch_uid=WAGTAIL_DISPATCH_UID)
    task_submitted.connect(
        county_submission_email_notifier, sender=TaskState, dispatch_uid="samhold_county_submission_email"
    )
