"""The base app's models: the site settings every app reads, and the rate limiter's marks.

They live in the lowest app so that any app may read them without importing the public face
(home) or the people's work (facilitators)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="mail")
class ContactSettings(BaseGenericSetting):
    """Who a visitor can reach when the directory has nothing for them, and who answers
    questions about personal data. A setting, not a page: editors change it in one place and
    every page and e-mail that names the coordinator follows."""

    coordinator_name = models.CharField(_("coordinator or office"), max_length=120, default="Selvhjelp Norge")
    coordinator_email = models.EmailField(_("e-mail"), default="post@selvhjelp.no")
    coordinator_phone = models.CharField(_("phone"), max_length=30, blank=True, default="")

    panels = [FieldPanel("coordinator_name"), FieldPanel("coordinator_email"), FieldPanel("coordinator_phone")]

    class Meta:
        verbose_name = _("contact details")


@register_setting(icon="doc-full")
class SitePages(BaseGenericSetting):
    """The pages other parts of the site link to: e-mails link to the privacy statement and to
    groups' pages below the directory page. Chosen here (the Bokmål page; its translation is
    found by locale) instead of guessed from slugs."""

    directory_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("directory page"),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("privacy statement"),
    )

    panels = [FieldPanel("directory_page"), FieldPanel("privacy_page")]

    class Meta:
        verbose_name = _("site pages")


class RateMark(models.Model):
    """One use of something a visitor can repeat (a form that sends e-mail, a login…), kept only
    as long as its limit counts. It holds no address: only a keyed hash of what is counted (an
    e-mail address, a network, a group) — see samhold.limits."""

    scope = models.CharField(_("scope"), max_length=50)
    key_hash = models.CharField(_("key hash"), max_length=64)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("rate-limit mark")
        verbose_name_plural = _("rate-limit marks")
        indexes = [models.Index(fields=["scope", "key_hash", "created_at"], name="rate_mark_lookup")]

    def __str__(self):
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"
