"""The public face's pages. Each is a Wagtail page because editors write it and it has its own
place in the site tree; groups are not pages (they are the groups app's plain model, shown
through the directory page's routes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from directory.selectors import theme_list
from samhold.routing import page_path, page_url
from samhold.site import directory_page

from . import views
from .blocks import ContentBlocks
from .selectors import meetings_for_home


class HomePage(Page):
    """The front page, one per language: the search box, the next information meetings (near
    the municipality in `?kommune=`, as the search passes it, else in the whole country) and what
    a self-help group is."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    about_groups = RichTextField(_("what a self-help group is"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("about_groups")]
    max_count_per_parent = 1
    subpage_types = ["home.DirectoryPage", "home.ContentPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = theme_list()
        context["directory_page"] = page = directory_page()
        upcoming = meetings_for_home(kommune=request.GET.get("kommune", ""))
        if page is not None:
            for meeting in upcoming.meetings:
                meeting.group_url = page.group_url(meeting.group, request=request)
        context["upcoming"] = upcoming
        return context


class DirectoryPage(RoutablePageMixin, Page):
    """One page that serves the search and, through its routes, every county's, municipality's
    and group's address below it (/finn-gruppe/trondelag/levanger/sorggruppe/). A page, so
    editors own its texts and its place in the menu; routes, so 300 or 100,000 groups need no
    page each. The work is done in home.views."""

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
        return views.search(self, request)

    @path("kommuner/")
    def municipality_points(self, request):
        return views.municipality_points(self, request)

    @path("nett/<slug:group_slug>/")
    def online_group(self, request, group_slug):
        return views.group(self, request, group_slug=group_slug)

    @path("nett/<slug:group_slug>/takk/")
    def online_group_thanks(self, request, group_slug):
        return views.group_thanks(self, request, group_slug=group_slug)

    @path("nett/<slug:group_slug>/kalender/")
    def online_group_calendar(self, request, group_slug):
        return views.group_calendar(self, request, group_slug=group_slug)

    # Before the county and group routes: "kalender" is no county's slug.
    @path("kalender/<slug:county_slug>/<slug:municipality_slug>/")
    def municipality_calendar(self, request, county_slug, municipality_slug):
        return views.municipality_calendar(
            self, request, county_slug=county_slug, municipality_slug=municipality_slug
        )

    @path("<slug:county_slug>/")
    def county(self, request, county_slug):
        return views.county(self, request, county_slug=county_slug)

    @path("<slug:county_slug>/<slug:municipality_slug>/")
    def municipality(self, request, county_slug, municipality_slug):
        return views.municipality(self, request, county_slug=county_slug, municipality_slug=municipality_slug)

    @path("<slug:county_slug>/<slug:municipality_slug>/<slug:group_slug>/")
    def group(self, request, county_slug, municipality_slug, group_slug):
        return views.group(self, request, group_slug=group_slug, path_slugs=(county_slug, municipality_slug))

    @path("<slug:county_slug>/<slug:municipality_slug>/<slug:group_slug>/takk/")
    def group_thanks(self, request, county_slug, municipality_slug, group_slug):
        return views.group_thanks(self, request, group_slug=group_slug)

    @path("<slug:county_slug>/<slug:municipality_slug>/<slug:group_slug>/kalender/")
    def group_calendar(self, request, county_slug, municipality_slug, group_slug):
        return views.group_calendar(self, request, group_slug=group_slug)

    # The group's own routes, by what they show: its page, "thank you" and its calendar file.
    _GROUP_ROUTES = {"": ("group", "online_group"), "thanks": ("group_thanks", "online_group_thanks"),
                     "calendar": ("group_calendar", "online_group_calendar")}

    def group_path(self, group, route: str = "") -> str:
        """A group's address below this page, from this page's routes: county/municipality/slug/
        for a group with a place, nett/slug/ for one that meets online only."""
        in_place, online = self._GROUP_ROUTES[route]
        if group.municipality_id:
            municipality = group.municipality
            return self.reverse_subpage(
                in_place,
                kwargs={
                    "county_slug": municipality.county.slug,
                    "municipality_slug": municipality.slug,
                    "group_slug": group.slug,
                },
            )
        return self.reverse_subpage(online, kwargs={"group_slug": group.slug})

    def get_url(self, request=None, current_site=None):
        """Wagtail's URL of this page, from the cached page table (samhold.routing) where it can:
        every result card and group page asks for it, and Wagtail's own answer costs two
        queries whenever the pages change."""
        if self.pk and self.live and current_site is None:
            path = page_path(self.pk)
            if path:
                return path
        return super().get_url(request=request, current_site=current_site)

    def about_url(self, request=None) -> str:
        """`{% pageurl page.about_page %}` without reading the page or the sites: from the cached
        page table (samhold.routing) where it can; "" if no page is chosen."""
        if self.about_page_id is None:
            return ""
        url = page_url(self.about_page_id)
        if url is None:
            about = Page.objects.filter(pk=self.about_page_id).first()
            url = about.get_url(request=request) if about is not None else None
        return url or ""

    def group_url(self, group, *, request=None, route: str = "") -> str:
        """A group's public address (as this page's URL for the request, or its path)."""
        return (self.get_url(request) or "") + self.group_path(group, route)


class ContentPage(Page):
    """Editorial text: what a self-help group is, starting a group, the privacy statement."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(ContentBlocks(), verbose_name=_("content"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("content page")
