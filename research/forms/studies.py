"""The researcher's form for a study and the version of it volunteers agree to. It validates
input only; the views call research.services.studies, which decides what a change means (see
study_change there)."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import County, Municipality, Theme
from facilitators.forms.interest import CheckboxList, RadioList
from samhold.forms import BoundedModelMultipleChoiceField, EmailAddressField

from ..models import Method, Study, StudyVersion
from ..pdf import information_letter_check

MAX_SCREENING_QUESTIONS = 5
MIN_CHOICES, MAX_CHOICES = 2, 5
# An empty choices box means a yes/no question. The questions are written in Bokmål like the
# summary, so the answers are too.
YES_NO = ["Ja", "Nei"]
QUESTION_MAX_LENGTH = 300
CHOICE_MAX_LENGTH = 100
# A recruitment period longer than this is refused: volunteers' details are kept until it ends
# (and SAMHOLD_RETENTION["research_volunteer_after_close"] days more), so it must not be open-ended.
MAX_RECRUITMENT_DAYS = 730
# REK ("2023/123456", "123456") and Sikt ("123456") references: digits, letters and separators.
REFERENCE = re.compile(r"^[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå /._-]*$")

class ChoiceCheckboxes(CheckboxList):
    list_class = "checkbox-list"


class ThemeChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class MunicipalityChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.county})"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def screening_questions_parse(question: str, choices: str) -> dict | None:
    """One question as stored ({"question": ..., "choices": [...]}) from the two boxes, or None
    if both are empty. Raises forms.ValidationError for anything half-made."""
    question = " ".join((question or "").split())
    lines = [" ".join(line.split()) for line in (choices or "").splitlines()]
    lines = [line for line in lines if line]
    if not question and not lines:
        return None
    if not question:
        raise forms.ValidationError(_("Write the question these choices belong to, or remove the choices."))
    if len(question) > QUESTION_MAX_LENGTH:
        raise forms.ValidationError(
            _("A question may be at most %(limit)s characters.") % {"limit": QUESTION_MAX_LENGTH}
        )
    if not lines:
        return {"question": question, "choices": list(YES_NO)}
    if len(lines) < MIN_CHOICES:
        raise forms.ValidationError(
            _("Give at least two choices, one per line, or leave the box empty for a yes/no question.")
        )
    if len(lines) > MAX_CHOICES:
        raise forms.ValidationError(_("Give at most %(limit)s choices.") % {"limit": MAX_CHOICES})
    if any(len(line) > CHOICE_MAX_LENGTH for line in lines):
        raise forms.ValidationError(
            _("A choice may be at most %(limit)s characters.") % {"limit": CHOICE_MAX_LENGTH}
        )
    if len({line.casefold() for line in lines}) != len(lines):
        raise forms.ValidationError(_("Each choice must be different from the others."))
    return {"question": question, "choices": lines}


class StudyForm(forms.ModelForm):
    """Everything about a study, and the version a volunteer agrees to, on one page.

    The version's fields are not model fields of Study; the view hands them to the service as
    a VersionText (version_text()) and the uploaded letter separately."""

    methods = forms.MultipleChoiceField(
        label=_("Methods"),
        choices=Method.choices,
        widget=ChoiceCheckboxes,
        error_messages={"required": _("Choose at least one method.")},
    )
    themes = ThemeChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        widget=CheckboxList,
        help_text=_("The themes of the groups and people the study is about."),
        error_messages={"required": _("Choose at least one theme.")},
    )
    area = forms.ChoiceField(label=_("Area"), choices=Study.Area.choices, widget=RadioList)
    counties = BoundedModelMultipleChoiceField(
        label=_("Counties"),
        queryset=County.objects.none(),
        required=False,
        widget=ChoiceCheckboxes,
        help_text=_("Only if the area is counties."),
    )
    municipalities = MunicipalityChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Only if the area is municipalities. Hold Ctrl (Cmd on a Mac) to choose more than one."),
    )

    inclusion_criteria = forms.CharField(
        label=_("Who may take part"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In plain words, for the people you are looking for. At most 2000 characters."),
    )
    min_age = forms.IntegerField(
        label=_("Lowest age"),
        min_value=16,
        max_value=120,
        initial=18,
        help_text=_("18 unless your approval from REK or Sikt says otherwise."),
    )
    consent_text = forms.CharField(
        label=_("Consent text"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What a volunteer agrees to by ticking the box, in plain words: that their name, e-mail address and "
            "answers are given to the project, and that they can withdraw at any time. At most 3000 characters."
        ),
    )
    information_letter = forms.FileField(
        label=_("Information letter (PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_(
            "The letter REK or Sikt approved: purpose, what taking part means, what is collected, who sees it, "
            "storage, that taking part is voluntary and can be withdrawn, end date and contact. A PDF file."
        ),
    )

    class Meta:
        model = Study
        fields = [
            "title", "summary", "summary_en", "what_it_means", "institution", "project_leader", "contact_email",
            "data_controller", "methods", "themes", "area", "counties", "municipalities", "participants_sought",
            "groups_sought", "recruit_from", "recruit_until", "rek_reference", "sikt_reference",
            "ethics_not_required_reason",
        ]
        # The shared address check (samhold.forms): the model's EmailField would give Django's own.
        field_classes = {"contact_email": EmailAddressField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "summary_en": forms.Textarea(attrs={"rows": 5}),
            "what_it_means": forms.Textarea(attrs={"rows": 4}),
            "ethics_not_required_reason": forms.Textarea(attrs={"rows": 3}),
            "recruit_from": DateInput,
            "recruit_until": DateInput,
        }
        help_texts = {
            "title": _("As the public will see it. Plain words, not the project's working title."),
            "summary": _("What the study wants to find out and why, for people without research background."),
            "summary_en": _("Optional. Shown on the English page."),
            "rek_reference": _("The case number from the Regional Committee for Medical and Health Research Ethics."),
            "sikt_reference": _("The reference number from Sikt's assessment of the processing of personal data."),
            "ethics_not_required_reason": _(
                "Only if neither REK nor Sikt has assessed the study: explain why that is not required."
            ),
            "data_controller": _("The institution responsible for the personal data in the study."),
            "participants_sought": _("How many people the study seeks. 0 if it seeks only groups."),
        }

    def __init__(self, *args, version: StudyVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")
        self.fields["counties"].queryset = County.objects.active().order_by("name_plain")
        self.fields["municipalities"].queryset = (
            Municipality.objects.active().select_related("county").order_by("name_plain", "number")
        )
        for number in range(1, MAX_SCREENING_QUESTIONS + 1):
            self.fields[f"question_{number}"] = forms.CharField(
                label=_("Question %(number)s") % {"number": number},
                required=False,
                max_length=QUESTION_MAX_LENGTH,
            )
            self.fields[f"choices_{number}"] = forms.CharField(
                label=_("Choices for question %(number)s") % {"number": number},
                required=False,
                max_length=(CHOICE_MAX_LENGTH + 1) * MAX_CHOICES * 2,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One choice per line, 2 to 5 of them. Leave empty for yes/no."),
            )
        self.version = version
        if version is not None and not self.is_bound:
            self.initial.update(
                inclusion_criteria=version.inclusion_criteria,
                min_age=version.min_age,
                consent_text=version.consent_text,
            )
            for number, item in enumerate(version.screening_questions[:MAX_SCREENING_QUESTIONS], start=1):
                self.initial[f"question_{number}"] = item.get("question", "")
                choices = item.get("choices", [])
                self.initial[f"choices_{number}"] = "" if choices == YES_NO else "\n".join(choices)

    @property
    def screening_fields(self):
        """(question, choices) bound fields in order, for the template."""
        return [
            (self[f"question_{number}"], self[f"choices_{number}"])
            for number in range(1, MAX_SCREENING_QUESTIONS + 1)
        ]

    def clean_contact_email(self):
        return self.cleaned_data["contact_email"].lower()

    def _clean_reference(self, name):
        value = " ".join(self.cleaned_data.get(name, "").split())
        if value and not REFERENCE.match(value):
            raise forms.ValidationError(_("Write the reference as it is given, with letters, digits, / and -."))
        return value

    def clean_rek_reference(self):
        return self._clean_reference("rek_reference")

    def clean_sikt_reference(self):
        return self._clean_reference("sikt_reference")

    def clean_information_letter(self):
        upload = self.cleaned_data.get("information_letter")
        if upload:
            information_letter_check(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        self._clean_period(cleaned)
        self._clean_area(cleaned)
        self._clean_ethics(cleaned)
        if cleaned.get("participants_sought") == 0 and cleaned.get("groups_sought") == 0:
            self.add_error("participants_sought", _("Say how many people or how many groups the study seeks."))
        questions = []
        for number in range(1, MAX_SCREENING_QUESTIONS + 1):
            question, choices = f"question_{number}", f"choices_{number}"
            if question not in cleaned or choices not in cleaned:
                continue  # the box itself was refused (too long) and says so
            try:
                item = screening_questions_parse(cleaned[question], cleaned[choices])
            except forms.ValidationError as error:
                self.add_error(question, error)
                continue
            if item is not None:
                questions.append(item)
        if len({item["question"].casefold() for item in questions}) != len(questions):
            self.add_error("question_1", _("Each screening question must be different from the others."))
        cleaned["screening_questions"] = questions
        return cleaned

    def _clean_period(self, cleaned):
        start, end = cleaned.get("recruit_from"), cleaned.get("recruit_until")
        if not start or not end:
            return
        if end <= start:
            self.add_error("recruit_until", _("Recruitment must end after it starts."))
        elif end < timezone.localdate():
            self.add_error("recruit_until", _("Recruitment cannot end in the past."))
        elif end - start > datetime.timedelta(days=MAX_RECRUITMENT_DAYS):
            self.add_error(
                "recruit_until",
                _("Recruitment may last at most %(days)s days. Register a new study for a later round.")
                % {"days": MAX_RECRUITMENT_DAYS},
            )

    def _clean_area(self, cleaned):
        area = cleaned.get("area")
        if area == Study.Area.COUNTIES and not cleaned.get("counties"):
            self.add_error("counties", _("Choose at least one county, or another area."))
        if area == Study.Area.MUNICIPALITIES and not cleaned.get("municipalities"):
            self.add_error("municipalities", _("Choose at least one municipality, or another area."))
        # Only the chosen kind of area is kept.
        if area != Study.Area.COUNTIES:
            cleaned["counties"] = County.objects.none()
        if area != Study.Area.MUNICIPALITIES:
            cleaned["municipalities"] = Municipality.objects.none()

    def _clean_ethics(self, cleaned):
        references = cleaned.get("rek_reference") or cleaned.get("sikt_reference")
        reason = (cleaned.get("ethics_not_required_reason") or "").strip()
        if "rek_reference" not in cleaned or "sikt_reference" not in cleaned:
            return  # a reference was refused already
        if references and reason:
            self.add_error(
                "ethics_not_required_reason",
                _("You gave a REK or Sikt reference: leave this empty, or remove the reference."),
            )
        elif not references and not reason:
            self.add_error(
                "rek_reference",
                _("Give a REK reference, a Sikt reference or both, or explain below why neither is required."),
            )
        elif reason and len(reason) < 20:
            self.add_error("ethics_not_required_reason", _("Explain in a sentence or two why it is not required."))
        cleaned["ethics_not_required_reason"] = reason
