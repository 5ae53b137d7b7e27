"""Administrators can see whether e-mail is getting through, never what it says."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import OutgoingEmail


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    add_to_settings_menu = True
    list_display = ["purpose", "state", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["state", "purpose"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    # Recipients, reply-to and body are personal data: not shown, not editable.
    inspect_view_fields = ["purpose", "subject", "state", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at"]
    form_fields = ["state", "next_attempt_at"]
