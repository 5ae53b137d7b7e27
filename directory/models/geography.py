"""Counties and municipalities as SSB numbers them. Reference data: imports nothing above it."""

import math

from django.db import models
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_KM = 6371.0
# The separator Norwegian authorities use between official parallel names.
NAME_SEPARATOR = " - "


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class County(models.Model):
    """A county (fylke) as Statistics Norway numbers it. Reference data, loaded by
    load_geography and changed only by a reform, so a plain model; staff may only correct a
    name or record an end date in the admin."""

    number = models.CharField(_("county number"), max_length=2, unique=True)
    name = models.CharField(
        _("official name"), max_length=120, help_text=_("With official Sami and Kven parallel names.")
    )
    name_plain = models.CharField(_("Norwegian name"), max_length=80, help_text=_("Used for sorting."))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # The regional office a visitor can write to when a search here finds nothing. Public on
    # purpose: staff enter an office's address, never a person's private one.
    contact_name = models.CharField(
        _("regional contact"),
        max_length=120,
        blank=True,
        help_text=_(
            "Shown when a search in this county finds nothing, e.g. 'Selvhjelp Norge, Trøndelag'. "
            "Leave empty to show the national contact."
        ),
    )
    contact_email = models.EmailField(_("regional contact's e-mail"), blank=True)
    contact_phone = models.CharField(_("regional contact's phone"), max_length=30, blank=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name_plain"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A municipality (kommune) with its centre point, for "near me" and distances. Plain
    reference data like County: loaded by load_geography, read everywhere, cached."""

    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    name = models.CharField(
        _("official name"), max_length=120, help_text=_("With official Sami and Kven parallel names.")
    )
    name_plain = models.CharField(_("Norwegian name"), max_length=80)
    parallel_names = models.CharField(
        _("Sami and Kven names"),
        max_length=200,
        blank=True,
        help_text=_("The official parallel names, separated by commas. A search finds the municipality by them too."),
    )
    slug = models.SlugField(_("slug"), max_length=80)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("Set when the municipality no longer exists; its groups are kept and reported."),
    )

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_plain", "number"]
        constraints = [
            models.UniqueConstraint(fields=["county", "slug"], name="municipality_slug_unique_in_county"),
        ]

    def __str__(self):
        return self.name

    @property
    def parallel_name_list(self) -> list[str]:
        return [n.strip() for n in self.parallel_names.split(",") if n.strip()]

    def distance_km(self, other: "Municipality") -> float:
        return haversine_km(self.latitude, self.longitude, other.latitude, other.longitude)


def parallel_names_from(name: str, name_plain: str) -> str:
    """The Sami and Kven names in an official name ("Levanger - Levangke" → "Levangke"), as
    the parallel_names field holds them."""
    return ", ".join(n for n in (p.strip() for p in name.split(NAME_SEPARATOR)) if n and n != name_plain)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
