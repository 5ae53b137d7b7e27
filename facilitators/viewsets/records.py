"""The record ("Logg") for national administrators: who did what, when, about what.

Read-only: no adding, editing or deleting. Opening it is not itself recorded (it holds no
personal data about the people facilitators work with, only staff actions)."""

import django_filters
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column

from ..models import AuditEntry
from ..models.records import Action
from ..selectors.admin import audit_entries_for_admin
from .base import ReadOnlyViewSet, ScopedIndexView, ScopedInspectView


def _when(entry):
    # The exact time, not "3 days ago": the record is read as evidence.
    return formats.date_format(timezone.localtime(entry.at), "SHORT_DATETIME_FORMAT")


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("What"), choices=Action.choices, empty_label=_("All"))
    at = django_filters.DateFromToRangeFilter(label=_("When"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields = []


class AuditEntryIndexView(ScopedIndexView):
    page_title = _("Record")
    default_ordering = "-at"
    selector = audit_entries_for_admin


class AuditEntryInspectView(ScopedInspectView):
    selector = audit_entries_for_admin


class AuditEntryViewSet(ReadOnlyViewSet):
    model = AuditEntry
    name = "record"
    url_prefix = "logg"
    icon = "list-ul"
    menu_label = _("Record")
    menu_name = "record"
    add_to_settings_menu = True
    index_view_class = AuditEntryIndexView
    inspect_view_class = AuditEntryInspectView
    inspect_view_fields = ["at", "actor", "action", "object_type", "object_id", "object_label", "detail"]
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
