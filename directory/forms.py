"""The directory's one GET form. It only validates; the page asks the selectors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Attendance, Audience, Weekday
from groups.search import MAX_QUERY_LENGTH

from .selectors import county_by_number, county_list, municipality_by_number, municipality_list, theme_list

SHOW_TAKING_MEMBERS = "apne"
SHOW_ALL = "alle"


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    fylke = forms.ChoiceField(label=_("County"), required=False)
    kommune = forms.ChoiceField(label=_("Municipality"), required=False)
    tema = forms.MultipleChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple)
    dag = forms.TypedChoiceField(
        label=_("Day of the week"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any day"))] + list(Weekday.choices),
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
        label=_("Who it is for"), required=False, choices=[("", _("Anyone"))] + list(Audience.choices)
    )
    vis = forms.ChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (SHOW_TAKING_MEMBERS, _("Only groups that take new members")),
            (SHOW_ALL, _("All groups, including full ones")),
        ],
    )

    def __init__(self, *args, theme_counts=None, county_counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.truncated = False
        theme_counts = theme_counts or {}
        county_counts = county_counts or {}
        counties = county_list()
        self.fields["fylke"].choices = [("", _("All counties"))] + [(c.number, c.name) for c in counties]
        names = {c.id: c.name for c in counties}
        grouped: dict[str, list] = {}
        for m in municipality_list():
            grouped.setdefault(names.get(m.county_id, ""), []).append((m.number, m.name))
        self.fields["kommune"].choices = [("", _("All municipalities"))] + sorted(grouped.items())
        self.fields["tema"].choices = [(t.slug, t.display_name) for t in theme_list()]
        self.theme_counts = theme_counts
        self.county_counts = county_counts
        self.fields["tema"].error_messages["invalid_choice"] = _("We could not find a theme called “%(value)s”.")
        self.fields["kommune"].error_messages["invalid_choice"] = _(
            "We could not find that municipality. Choose one from the list."
        )
        self.fields["fylke"].error_messages["invalid_choice"] = _(
            "We could not find that county. Choose one from the list."
        )

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
