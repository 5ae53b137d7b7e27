"""Messages to interested people ("Meldinger til interesserte"): what facilitators wrote to the
people interested in a group, for the coordinator of the group's county to read. Read-only."""

import django_filters
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column

from ..models import InterestMessage
from ..selectors.admin import interest_messages_for_admin, recipient_count_visible
from .base import ReadOnlyViewSet, ScopedIndexView, ScopedInspectView


def _when(message):
    return formats.date_format(timezone.localtime(message.sent_at), "SHORT_DATETIME_FORMAT")


def _excerpt(message):
    text = " ".join(message.body.split())
    return text if len(text) <= 80 else text[:79] + "…"


class InterestMessageFilterSet(WagtailFilterSet):
    sent_at = django_filters.DateFromToRangeFilter(label=_("Sent"), widget=DateRangePickerWidget)

    class Meta:
        model = InterestMessage
        fields = []


class InterestMessageIndexView(ScopedIndexView):
    page_title = _("Messages to interested people")
    default_ordering = "-sent_at"
    selector = interest_messages_for_admin


class RecipientCountColumn(Column):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if request is None or not recipient_count_visible(user=request.user, message=instance):
            context["value"] = "–"
        return context


class InterestMessageInspectView(ScopedInspectView):
    selector = interest_messages_for_admin

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not recipient_count_visible(user=request.user, message=self.object):
            self.fields = [field for field in self.fields if field != "recipient_count"]


class InterestMessageViewSet(ReadOnlyViewSet):
    model = InterestMessage
    name = "interest_messages"
    url_prefix = "meldinger-til-interesserte"
    icon = "mail"
    menu_label = _("Messages to interested people")
    menu_name = "interest_messages"
    add_to_admin_menu = False  # it sits in the "Facilitators" group
    index_view_class = InterestMessageIndexView
    inspect_view_class = InterestMessageInspectView
    inspect_view_fields = ["sent_at", "group", "sender", "recipient_count", "body"]
    filterset_class = InterestMessageFilterSet
    form_fields = ["body"]  # unused: the add and edit views are not routed
    list_display = [
        Column("group", label=_("Group"), accessor="group"),
        Column("sent_at", label=_("Sent"), accessor=_when, sort_key="sent_at"),
        Column("sender", label=_("Sent by"), accessor="sender"),
        RecipientCountColumn("recipient_count", label=_("Recipients")),
        Column("body", label=_("Message"), accessor=_excerpt),
    ]
    list_per_page = 50
