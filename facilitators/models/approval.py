"""The approval step for new groups: the coordinator for the group's county decides."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from facilitators.scope import can_publish_group, group_edit_filter, scope_for
from groups.models import SelfHelpGroup


class Decision(models.TextChoices):
    APPROVED = "approve", _("Approve and publish")
    RETURNED = "reject", _("Send back")
    REJECTED = "decline", _("Reject")


class CountyApprovalTask(AbstractGroupApprovalTask):
    """Like Wagtail's group approval task (the members of the chosen roles may act), narrowed to
    the coordinators of the group's county and national administrators (facilitators.scope)."""

    def may_decide(self, obj, user) -> bool:
        """Only the coordinators for the group's county and administrators (also who is told)."""
        return user.is_superuser or (self._user_in_groups(user) and can_publish_group(user, obj))

    def user_can_access_editor(self, obj, user):
        return self.may_decide(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_decide(obj, user)

    def user_can_lock(self, obj, user):
        return self.may_decide(obj, user)

    def get_actions(self, obj, user):
        if not self.may_decide(obj, user):
            return []
        # The two a coordinator mostly needs first (the group editor shows them first too).
        return [
            (Decision.APPROVED.value, Decision.APPROVED.label, False),
            (Decision.RETURNED.value, Decision.RETURNED.label, True),
            (Decision.APPROVED.value, _("Approve with a comment"), True),
            (Decision.REJECTED.value, Decision.REJECTED.label, True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not (user.is_superuser or self._user_in_groups(user)):
            return TaskState.objects.none()
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        condition = group_edit_filter(scope_for(user))
        if user.is_superuser or condition is None:
            return states
        group_ids = SelfHelpGroup.objects.filter(condition).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in group_ids])

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        # Here, not at the top: the services import these models, and Django loads the models
        # first. The decision is recorded with the start-up's other steps, in the services.
        from ..services.startups import group_decision_record

        comment = kwargs.get("comment") or ""
        group = task_state.workflow_state.content_object
        # Asked again of the group this task state is about: Wagtail's workflow action view
        # checks the group in its URL but takes the task state from the URL too, unchecked.
        if not self.may_decide(group, user):
            raise PermissionDenied
        if action_name == Decision.REJECTED:
            # Rejected for good: the workflow ends and the start-up stops.
            task_state.reject(user=user, **kwargs)
            task_state.workflow_state.cancel(user=user)
        else:
            super().on_action(task_state, user, action_name, **kwargs)
        group.refresh_from_db()
        group_decision_record(group=group, decided_by=user, decision=action_name, comment=comment)

    @classmethod
    def get_description(cls):
        return _("The coordinators for the group's county, and national administrators, decide")

    class Meta:
        verbose_name = _("County coordinator approval")
        verbose_name_plural = _("County coordinator approvals")
