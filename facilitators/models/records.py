"""The record of what staff and facilitators did: who, when and what, never the personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    APPLICATION_APPROVED = "application_approved", _("Facilitator application approved")
    APPLICATION_DECLINED = "application_declined", _("Facilitator application declined")
    FACILITATOR_INVITED = "facilitator_invited", _("Facilitator invited")
    CONTACT_INVITED = "contact_invited", _("Group contact invited")
    GROUP_CREATED = "group_created", _("Group created")
    GROUP_CHANGED = "group_changed", _("Group changed")
    GROUP_SUBMITTED = "group_submitted", _("Group submitted for approval")
    GROUP_APPROVED = "group_approved", _("Group approved")
    GROUP_RETURNED = "group_returned", _("Group returned with a comment")
    GROUP_REJECTED = "group_rejected", _("Group rejected")
    STAGE_CHANGED = "stage_changed", _("Start-up stage changed")
    FOLLOW_UP_ANSWERED = "follow_up_answered", _("Follow-up answered")
    MEETING_SCHEDULED = "meeting_scheduled", _("Information meeting scheduled")
    MEETING_CANCELLED = "meeting_cancelled", _("Information meeting cancelled")
    MEETING_CHANGED = "meeting_changed", _("Information meeting changed")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted by its owner")
    SIGNUP_CONFIRMED_BY_PHONE = "signup_phone_confirmed", _("Sign-up confirmed by phone")
    SIGNUP_REMOVED = "signup_removed", _("Sign-up removed by the facilitator")
    PEOPLE_VIEWED = "people_viewed", _("List of people viewed")
    PEOPLE_EXPORTED = "people_exported", _("List of people exported")
    PEOPLE_MESSAGED = "people_messaged", _("Interested people written to")
    SECOND_FACTOR_ENABLED = "second_factor_on", _("Two-factor login turned on")
    SECOND_FACTOR_DISABLED = "second_factor_off", _("Two-factor login turned off")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Two-factor login reset by an administrator")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("New recovery codes made")
    RESEARCHER_APPROVED = "researcher_approved", _("Researcher application approved")
    RESEARCHER_DECLINED = "researcher_declined", _("Researcher application declined")
    STUDY_SUBMITTED = "study_submitted", _("Study sent for approval")
    STUDY_APPROVED = "study_approved", _("Study approved")
    STUDY_RETURNED = "study_returned", _("Study returned with a comment")
    STUDY_DECLINED = "study_declined", _("Study declined")
    STUDY_CLOSED = "study_closed", _("Study closed")
    VOLUNTEERS_VIEWED = "volunteers_viewed", _("Study volunteers viewed")
    VOLUNTEERS_EXPORTED = "volunteers_exported", _("Study volunteers exported")
    VOLUNTEERS_MESSAGED = "volunteers_messaged", _("Study volunteers written to")
    GROUPS_INVITED = "groups_invited", _("Groups invited to a study")
    GROUP_ANSWERED = "group_answered", _("A group answered a study")
    GROUPS_MESSAGED = "groups_messaged", _("Groups written to about a study")
    FINDINGS_PUBLISHED = "findings_published", _("Study findings published")


class AuditEntry(models.Model):
    """One thing someone did. Deleted SAMHOLD_RETENTION["audit_entry"] days later (housekeeping)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=30, choices=Action.choices, db_index=True)
    # What it was about, by type and id and a label without personal data (a group's name,
    # "information meeting 12"); never a volunteer's name or address.
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=50, blank=True)
    object_label = models.CharField(_("about"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("record entry")
        verbose_name_plural = _("record")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
