"""Themes: what a group is about. A snippet that editors own."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from directory.text import norwegian_slug


class Theme(index.Indexed, models.Model):
    """What a group is about (grief, anxiety, addiction in the family…). A snippet: the
    national administrators add, rename and describe themes in the admin, and Wagtail's chooser
    and search find them there; loaded first by load_themes."""

    name = models.CharField(_("name (Bokmål)"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    description = models.CharField(_("short description (Bokmål)"), max_length=300, blank=True)
    description_en = models.CharField(_("short description (English)"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("broader theme"),
    )
    search_terms = models.TextField(
        _("search words"),
        blank=True,
        help_text=_(
            "Words and phrases people use for this theme, separated by commas, e.g. 'mistet, dødsfall, enke'. "
            "A search with one of them finds the groups on this theme (and its narrower themes); "
            "a phrase needs all its words. Takes effect at once."
        ),
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.slug:
            self.slug = norwegian_slug(self.name)
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A theme cannot be its own broader theme.")})

    @property
    def display_name(self) -> str:
        if (get_language() or "nb").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def display_description(self) -> str:
        if (get_language() or "nb").startswith("en") and self.description_en:
            return self.description_en
        return self.description
