"""The record ("Logg") for national administrators: who did what, when, about what.

Read-only: no adding, editing or deleting. Opening it is not itself recorded (it holds no
personal data about the people facilitators work with, only staff actions)."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import AuditEntry
from ..models.records import Action
from ..selectors.admin import audit_entries_for_admin


def _when(entry):
    # The exact time, not "3 days ago": the record is read as evidence.
    return formats.date_format(timezone.localtime(entry.at), "SHORT_DATETIME_FORMAT")


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("What"), choices=Action.choices, empty_label=_("All"))
    at = django_filters.DateFromToRangeFilter(label=_("When"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields = []


class AuditEntryIndexView(IndexView):
    page_title = _("Record")
    default_ordering = "-at"

    def get_base_queryset(self):
        return audit_entries_for_admin(user=self.request.user)


class AuditEntryInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(audit_entries_for_admin(user=self.request.user), pk=self.pk)


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    name = "record"
    url_prefix = "logg"
    icon = "list-ul"
    menu_label = _("Record")
    menu_name = "record"
    add_to_settings_menu = True
    index_view_class = AuditEntryIndexView
    inspect_view_class = AuditEntryInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["at", "actor", "action", "object_type", "object_id", "object_label", "detail"]
    copy_view_enabled = False
    filterset_class = AuditEntryFilterSet
    form_fields = ["detail"]  # unused: the add and edit views are not routed
    list_display = [
        "action",
        Column("at", label=_("When"), accessor=_when, sort_key="at"),
        Column("actor", label=_("Who"), accessor="actor"),
        Column("object_label", label=_("About")),
        Column("detail", label=_("Detail")),
    ]
    list_per_page = 100
    list_export = []

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"add_url_name": None, **kwargs})

    def get_urlpatterns(self):
        hidden = {"add", "edit", "copy", "delete", "history", "usage"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in hidden]
