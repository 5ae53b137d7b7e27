"""Staff screens for reference data: themes are edited, geography is read-mostly."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import County, Municipality, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "name_en", "parent", "search_terms"]
    search_fields = ["name", "name_en", "search_terms"]
    ordering = ["name"]
    # The search words are what makes "jeg har mistet mannen min" find grief groups: editors
    # keep them up to date, and a change is used by the next search (groups.search).
    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldPanel("search_terms"),
    ]


class CountyViewSet(ModelViewSet):
    model = County
    icon = "site"
    menu_label = _("Counties")
    form_fields = ["name", "name_plain", "contact_name", "contact_email", "contact_phone", "ended_on"]
    list_display = ["number", "name", "ended_on"]
    search_fields = ["name", "number"]
    inspect_view_enabled = True
    # Geography is never copied (and Wagtail's copy view saved onto the row it copied).
    copy_view_enabled = False
    add_to_admin_menu = False


class MunicipalityViewSet(ModelViewSet):
    model = Municipality
    icon = "home"
    menu_label = _("Municipalities")
    # Numbers, slugs and points come from the official data (load_geography); staff may
    # correct a representative point or record an end date.
    form_fields = ["name", "parallel_names", "latitude", "longitude", "ended_on"]
    list_display = ["number", "name", "county", "ended_on"]
    list_filter = ["county"]
    search_fields = ["name", "name_plain", "parallel_names", "number"]
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50


class DirectoryViewSetGroup(ViewSetGroup):
    menu_label = _("Directory data")
    menu_icon = "folder-open-inverse"
    menu_order = 210
    items = (ThemeViewSet, CountyViewSet, MunicipalityViewSet)
