"""Staff screens for groups in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SelfHelpGroup


class SelfHelpGroupViewSet(SnippetViewSet):
    model = SelfHelpGroup
    icon = "group"
    menu_label = _("Self-help groups")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "municipality", "status", BooleanColumn("live", label=_("Published"))]
    list_filter = ["status", "attendance", "live"]
    list_per_page = 50
    search_fields = ["name", "summary"]
    ordering = ["name"]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldPanel("themes"),
                    FieldPanel("status"),
                    FieldPanel("contact"),
                ],
                heading=_("About the group"),
            ),
            ObjectList(
                [
                    FieldPanel("attendance"),
                    FieldPanel("municipality"),
                    FieldPanel("place"),
                    MultiFieldPanel([FieldPanel("address"), FieldPanel("show_address")], heading=_("Address")),
                ],
                heading=_("Place"),
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("frequency"), FieldPanel("weekday"), FieldPanel("week_of_month")]),
                    FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                    FieldPanel("first_meeting"),
                    FieldPanel("frequency_note"),
                ],
                heading=_("Schedule"),
            ),
            ObjectList(
                [
                    FieldPanel("audience"),
                    FieldPanel("languages"),
                    FieldPanel("wheelchair_accessible"),
                    FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_members"), FieldPanel("open_places")]),
                ],
                heading=_("Who and how many"),
            ),
        ]
    )
