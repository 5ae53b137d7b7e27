"""The directory page: one Wagtail page that serves the search and the county, municipality
and group URLs below it. The work is done in directory.views; this module imports nothing
from the groups app so that groups can point at the reference models without a cycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page


class DirectoryPage(RoutablePageMixin, Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    empty_result_text = RichTextField(
        _("text when nothing is found"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown with the nearest groups, online groups and the coordinator's contact details."),
    )
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page about how self-help groups work"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("empty_result_text"), FieldPanel("about_page")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("directory page")

    @path("")
    def search(self, request):
        from directory import views

        return views.search(self, request)

    @path("nett/<slug:group_slug>/")
    def online_group(self, request, group_slug):
        from directory import views

        return views.group(self, request, group_slug=group_slug)

    @path("nett/<slug:group_slug>/takk/")
    def online_group_thanks(self, request, group_slug):
        from directory import views

        return views.group_thanks(self, request, group_slug=group_slug)

    @path("nett/<slug:group_slug>/kalender/")
    def online_group_calendar(self, request, group_slug):
        from directory import views

        return views.group_calendar(self, request, group_slug=group_slug)

    @path("<slug:county_slug>/")
    def county(self, request, county_slug):
        from directory import views

        return views.county(self, request, county_slug=county_slug)

    @path("<slug:county_slug>/<slug:municipality_slug>/")
    def municipality(self, request, county_slug, municipality_slug):
        from directory import views

        return views.municipality(self, request, county_slug=county_slug, municipality_slug=municipality_slug)

    @path("<slug:county_slug>/<slug:municipality_slug>/<slug:group_slug>/")
    def group(self, request, county_slug, municipality_slug, group_slug):
        from directory import views

        return views.group(self, request, group_slug=group_slug, path_slugs=(county_slug, municipality_slug))

    @path("<slug:county_slug>/<slug:municipality_slug>/<slug:group_slug>/takk/")
    def group_thanks(self, request, county_slug, municipality_slug, group_slug):
        from directory import views

        return views.group_thanks(self, request, group_slug=group_slug)

    @path("<slug:county_slug>/<slug:municipality_slug>/<slug:group_slug>/kalender/")
    def group_calendar(self, request, county_slug, municipality_slug, group_slug):
        from directory import views

        return views.group_calendar(self, request, group_slug=group_slug)

    def group_path(self, group) -> str:
        """The group's path below this page: county/municipality/slug/, or nett/slug/."""
        if group.municipality_id:
            municipality = group.municipality
            return f"{municipality.county.slug}/{municipality.slug}/{group.slug}/"
        return f"nett/{group.slug}/"
