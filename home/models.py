from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import ContentBlocks


class HomePage(Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    about_groups = RichTextField(_("what a self-help group is"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("about_groups")]
    max_count_per_parent = 1
    subpage_types = ["directory.DirectoryPage", "home.ContentPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from directory.selectors import directory_page_for_locale, theme_list

        context = super().get_context(request, *args, **kwargs)
        context["themes"] = theme_list()
        context["directory_page"] = directory_page_for_locale()
        return context


class ContentPage(Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(ContentBlocks(), verbose_name=_("content"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("content page")


@register_setting(icon="mail")
class ContactSettings(BaseGenericSetting):
    """Who a visitor can reach when the directory has nothing for them."""

    coordinator_name = models.CharField(_("coordinator or office"), max_length=120, default="Selvhjelp Norge")
    coordinator_email = models.EmailField(_("e-mail"), default="post@selvhjelp.no")
    coordinator_phone = models.CharField(_("phone"), max_length=30, blank=True, default="")

    panels = [FieldPanel("coordinator_name"), FieldPanel("coordinator_email"), FieldPanel("coordinator_phone")]

    class Meta:
        verbose_name = _("contact details")
