"""The self-help group and what it owns."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from directory.models import Municipality, Theme
from directory.text import norwegian_slug

from .search import refresh_documents


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RECRUITING = "recruiting", _("Recruiting members")
    OPEN = "open", _("Open for new members")
    CLOSED = "closed", _("Closed for new members")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


# What the public page says about each status.
PUBLIC_STATUS_LABELS = {
    Status.PLANNED: _("Planned – register your interest"),
    Status.RECRUITING: _("Looking for members"),
    Status.OPEN: _("Taking new members"),
    Status.CLOSED: _("Closed to new members"),
    Status.PAUSED: _("Taking a break"),
    Status.ENDED: _("Has ended"),
}

# Only these are found by search; an ended or paused group keeps its page.
SEARCHABLE_STATUSES = [Status.PLANNED, Status.RECRUITING, Status.OPEN, Status.CLOSED]
TAKING_MEMBERS_STATUSES = [Status.RECRUITING, Status.OPEN]


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every other week")
    MONTHLY = "monthly", _("Once a month, on a set day of the week")
    OTHER = "other", _("Other")


class Weekday(models.IntegerChoices):
    MONDAY = 0, pgettext_lazy("weekday as a choice", "Monday")
    TUESDAY = 1, pgettext_lazy("weekday as a choice", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("weekday as a choice", "Wednesday")
    THURSDAY = 3, pgettext_lazy("weekday as a choice", "Thursday")
    FRIDAY = 4, pgettext_lazy("weekday as a choice", "Friday")
    SATURDAY = 5, pgettext_lazy("weekday as a choice", "Saturday")
    SUNDAY = 6, pgettext_lazy("weekday as a choice", "Sunday")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    YOUNG_ADULTS = "young_adults", _("Young adults (18–30)")
    RELATIVES = "relatives", _("Relatives and carers")
    SENIORS = "seniors", _("Older adults (60+)")


class SelfHelpGroupQuerySet(models.QuerySet):
    def public(self):
        """Groups the public may open: published ones (ended groups keep their page)."""
        return self.filter(live=True)

    def searchable(self):
        return self.public().filter(status__in=SEARCHABLE_STATUSES)


class SelfHelpGroup(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel
):
    """A self-help group: the heart of the directory.

    A snippet, not a page: thousands of groups are rows to search, filter and sort by place and
    theme, and their public address is made by the directory page's routes from the county,
    municipality and slug, so moving a group or renaming a place never leaves a page tree to
    rearrange. From Wagtail it borrows what editors need of a page: drafts and revisions (a
    published group stays live while a change waits), the approval workflow with the county's
    coordinator, locking and preview. Who may edit which group is decided in facilitators.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("address (slug)"),
        max_length=140,
        unique=True,
        blank=True,
        help_text=_("Made from the name if left empty."),
    )
    summary = models.CharField(_("short summary"), max_length=300)
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "ol", "ul", "link"])
    themes = ParentalManyToManyField(Theme, related_name="groups", verbose_name=_("themes"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("municipality"),
        help_text=_("Where the group meets. May be empty only for online groups."),
    )

    attendance = models.CharField(
        _("how the group meets"), max_length=12, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    place = models.CharField(
        _("place (public)"),
        max_length=120,
        blank=True,
        help_text=_("A coarse description everyone may see, e.g. 'Frivilligsentralen i sentrum'."),
    )
    address = models.CharField(_("exact address"), max_length=200, blank=True)
    show_address = models.BooleanField(
        _("show the exact address publicly"),
        default=False,
        help_text=_("Most groups give the address only to people who have been in touch."),
    )

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    week_of_month = models.SmallIntegerField(
        _("which week of the month"), choices=WeekOfMonth.choices, null=True, blank=True
    )
    frequency_note = models.CharField(
        _("schedule in your own words"), max_length=200, blank=True, help_text=_("Used when 'how often' is 'other'.")
    )
    first_meeting = models.DateField(_("first meeting"), null=True, blank=True)

    audience = models.CharField(_("who it is for"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE)
    languages = models.CharField(_("language(s)"), max_length=100, default="norsk")
    wheelchair_accessible = models.BooleanField(
        _("wheelchair access"), null=True, blank=True, help_text=_("Leave empty if not known.")
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=18, validators=[MinValueValidator(16), MaxValueValidator(99)]
    )
    max_members = models.PositiveSmallIntegerField(
        _("maximum number of members"), default=8, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    open_places = models.PositiveSmallIntegerField(_("open places"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_for_groups",
        verbose_name=_("contact person"),
        help_text=_("Receives enquiries. Never shown on the public site."),
    )

    # Search index upkeep (groups.search): never edited by hand. The document is everything a
    # group is found by; the vector is the document under PostgreSQL's Norwegian text search
    # configuration (empty on SQLite).
    search_document = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(editable=False, null=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SelfHelpGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-help group")
        verbose_name_plural = _("self-help groups")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["live", "status"], name="group_live_status"),
            models.Index(fields=["municipality", "live", "status"], name="group_municipality"),
            # Lets "this place OR online" use two indexes instead of scanning every live group.
            models.Index(fields=["attendance", "live", "status"], name="group_attendance"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attendance="online") | models.Q(municipality__isnull=False),
                name="group_in_person_needs_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="group_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if not self.slug and self.name:
            self.slug = self._unique_slug()
        if self.attendance != Attendance.ONLINE and not self.municipality_id:
            errors["municipality"] = _(
                "A group that meets in person needs a municipality. Choose one, or set the group to online."
            )
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The meeting must end after it starts.")
        if self.frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY, Frequency.MONTHLY) and self.weekday is None:
            errors["weekday"] = _("Choose the weekday the group meets.")
        if self.frequency == Frequency.MONTHLY and self.week_of_month is None:
            errors["week_of_month"] = _("Choose which week of the month, e.g. 'first'.")
        if self.frequency == Frequency.BIWEEKLY and not self.first_meeting:
            errors["first_meeting"] = _("A group that meets every other week needs the date of a meeting to count from.")
        if (
            self.first_meeting
            and self.weekday is not None
            and self.frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY, Frequency.MONTHLY)
            and self.first_meeting.weekday() != self.weekday
        ):
            errors["first_meeting"] = _("The first meeting must be on the weekday the group meets.")
        if self.frequency == Frequency.OTHER and not self.frequency_note:
            errors["frequency_note"] = _("Describe when the group meets.")
        if self.open_places is not None and self.open_places > self.max_members:
            errors["open_places"] = _("There cannot be more open places than the maximum number of members.")
        if self.show_address and not self.address:
            errors["address"] = _("Write the address, or untick 'show the exact address publicly'.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Search index upkeep: the document needs the committed themes, so it follows the save.
        refresh_documents(SelfHelpGroup.objects.filter(pk=self.pk))

    def _unique_slug(self) -> str:
        base = norwegian_slug(self.name)[:120] or "gruppe"
        slug, n = base, 2
        while SelfHelpGroup.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def takes_members(self) -> bool:
        return self.status in TAKING_MEMBERS_STATUSES

    @property
    def is_ended(self) -> bool:
        return self.status == Status.ENDED

    @property
    def is_online_only(self) -> bool:
        return self.attendance == Attendance.ONLINE

    @property
    def public_address(self) -> str:
        return self.address if self.show_address else ""

    # Wagtail preview: the public group page, rendered from the unsaved object.
    def get_preview_template(self, request, mode_name):
        return "groups/group_page.html"

    def get_preview_context(self, request, mode_name):
        # Here, not at the top: the presenters read the group through the selectors, which import
        # this module, and a preview is the only place a model asks for a page.
        from .presenters import group_page_context

        context = super().get_preview_context(request, mode_name)
        context.update(group_page_context(self, preview=True))
        return context
