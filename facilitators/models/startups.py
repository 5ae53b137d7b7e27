"""A new group's start-up: the stages a facilitator takes it through, and who moved it when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    PLANNING = "planning", _("Planning")
    MEETING_SCHEDULED = "meeting_scheduled", _("Information meeting scheduled")
    RECRUITING = "recruiting", _("Recruiting")
    FIRST_MEETINGS = "first_meetings", _("First meetings")
    SELF_RUNNING = "self_running", _("Running on its own")
    STOPPED = "stopped", _("Stopped")


# The order a start-up normally goes through; "stopped" can be reached from any of them.
STAGE_ORDER = [Stage.PLANNING, Stage.MEETING_SCHEDULED, Stage.RECRUITING, Stage.FIRST_MEETINGS, Stage.SELF_RUNNING]
ACTIVE_STAGES = STAGE_ORDER[:-1]


class StartUp(models.Model):
    """One per new group. Facilitators (one or two) follow it until the group runs itself."""

    group = models.OneToOneField(
        "groups.SelfHelpGroup", on_delete=models.CASCADE, related_name="startup", verbose_name=_("group")
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="startups", blank=True, verbose_name=_("facilitators")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PLANNING, db_index=True)
    stage_changed_at = models.DateTimeField(_("stage changed"), default=timezone.now)
    stopped_reason = models.TextField(_("why it stopped"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    # The revision a coordinator approved; a later revision means "changed since you approved it".
    approved_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved version"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    contact_invited_at = models.DateTimeField(_("group contact invited"), null=True, blank=True)
    follow_up_due_at = models.DateTimeField(_("follow-up due"), null=True, blank=True, db_index=True)
    follow_up_sent_at = models.DateTimeField(_("follow-up reminder sent"), null=True, blank=True)
    follow_up_answer = models.TextField(_("how the group is doing"), max_length=2000, blank=True)
    follow_up_answered_at = models.DateTimeField(_("follow-up answered"), null=True, blank=True)
    follow_up_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("start-up")
        verbose_name_plural = _("start-ups")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(stage="stopped") | ~models.Q(stopped_reason=""),
                name="startup_stopped_needs_reason",
            ),
        ]

    def __str__(self):
        return str(self.group)

    @property
    def is_active(self) -> bool:
        return self.stage in ACTIVE_STAGES


class StageChange(models.Model):
    """One step in a start-up's timeline."""

    startup = models.ForeignKey(StartUp, on_delete=models.CASCADE, related_name="changes", verbose_name=_("start-up"))
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.startup}: {self.get_to_stage_display()}"
