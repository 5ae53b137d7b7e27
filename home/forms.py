"""The directory's one GET form. It only validates; the page asks the selectors."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from directory.selectors import (
    county_by_number,
    county_list,
    memoised,
    municipality_by_number,
    municipality_list,
    theme_list,
)
from groups.models import Attendance, Audience, Weekday
from groups.search import MAX_QUERY_LENGTH
from groups.selectors import TimeOfDay

SHOW_TAKING_MEMBERS = "apne"
SHOW_ALL = "alle"


def _municipality_options_html() -> str:
    names = {c.id: c.name for c in county_list()}
    grouped: dict[int, list] = {}
    for m in municipality_list():
        grouped.setdefault(m.county_id, []).append((m.number, m.name))
    optgroups = format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        (
            (names[county.id], format_html_join("", '<option value="{}">{}</option>', grouped.get(county.id, [])))
            for county in county_list()
        ),
    )
    return str(format_html('<option value="">{}</option>', _("All municipalities")) + optgroups)


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    # Validated against the cached reference lists rather than as choice fields: normalising
    # 357 choices on every request costs more than the rest of the form.
    fylke = forms.CharField(label=_("County"), required=False, max_length=10)
    kommune = forms.CharField(label=_("Municipality"), required=False, max_length=10)
    tema = forms.MultipleChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple)
    # (an unknown theme is reported and dropped in clean_tema; the others still apply)
    dag = forms.TypedChoiceField(
        label=_("Day of the week"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any day"))] + list(Weekday.choices),
    )
    tid = forms.ChoiceField(
        label=_("Time of day"), required=False, choices=[("", _("Any time"))] + list(TimeOfDay.choices)
    )
    oppmote = forms.ChoiceField(
        label=_("How the group meets"),
        required=False,
        choices=[
            ("", _("In person or online")),
            (Attendance.IN_PERSON, _("In person")),
            (Attendance.ONLINE, _("Online")),
        ],
    )
    malgruppe = forms.ChoiceField(
        label=_("Who it is for"), required=False, choices=[("", pgettext_lazy("who a group is for, no filter", "Doesn't matter"))] + list(Audience.choices)
    )
    vis = forms.ChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (SHOW_TAKING_MEMBERS, _("Groups that take new members and groups starting soon")),
            (SHOW_ALL, _("All groups, including full ones")),
        ],
        help_text=_(
            "A full group takes no new members for now. Groups that have paused or ended are never shown."
        ),
    )

    def __init__(self, *args, theme_counts=None, county_counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.truncated = False
        theme_counts = theme_counts or {}
        county_counts = county_counts or {}
        self.fields["tema"].choices = [(t.slug, t.display_name) for t in theme_list()]
        self.theme_counts = theme_counts
        self.county_counts = county_counts
        self.unknown_themes: list[str] = []

    def _clean_fields(self):
        # Keep the themes we know and remember the others, instead of dropping every theme
        # filter because one slug in the address was wrong.
        if self.is_bound and hasattr(self.data, "getlist"):
            known = {slug for slug, _label in self.fields["tema"].choices}
            asked = self.data.getlist("tema")
            self.unknown_themes = [slug for slug in asked if slug not in known]
            if self.unknown_themes:
                self.data = self.data.copy()
                self.data.setlist("tema", [slug for slug in asked if slug in known])
        super()._clean_fields()

    def clean_kommune(self):
        number = self.cleaned_data.get("kommune", "")
        if number and municipality_by_number(number) is None:
            raise forms.ValidationError(_("We could not find that municipality. Choose one from the list."))
        return number

    def clean_fylke(self):
        number = self.cleaned_data.get("fylke", "")
        if number and county_by_number(number) is None:
            raise forms.ValidationError(_("We could not find that county. Choose one from the list."))
        return number

    def clean_q(self):
        text = self.cleaned_data.get("q", "")
        if len(text) > MAX_QUERY_LENGTH:
            self.truncated = True
            text = text[:MAX_QUERY_LENGTH]
        return text

    @property
    def county(self):
        number = self.cleaned_data.get("fylke") if hasattr(self, "cleaned_data") else None
        return county_by_number(number) if number else None

    @property
    def municipality(self):
        number = self.cleaned_data.get("kommune") if hasattr(self, "cleaned_data") else None
        return municipality_by_number(number) if number else None

    def municipality_options(self):
        """The <option>s of the municipality select, grouped by county. Built once per language
        and process: 357 options are the most expensive part of the page to render."""
        language = get_language() or "nb"
        html = memoised(f"municipality-options:{language}", _municipality_options_html)
        chosen = self.municipality.number if self.is_bound and hasattr(self, "cleaned_data") and self.municipality else ""
        if chosen:
            html = html.replace(f'<option value="{chosen}">', f'<option value="{chosen}" selected>', 1)
        return mark_safe(html)

    def theme_options(self):
        """Theme checkboxes with their counts under the other filters."""
        chosen = set(self.data.getlist("tema")) if hasattr(self.data, "getlist") else set()
        return [
            {"slug": t.slug, "name": t.display_name, "count": self.theme_counts.get(t.id, 0), "checked": t.slug in chosen}
            for t in theme_list()
        ]

    def county_options(self):
        chosen = self.data.get("fylke", "")
        return [
            {"number": c.number, "name": c.name, "count": self.county_counts.get(c.id, 0), "selected": c.number == chosen}
            for c in county_list()
        ]
