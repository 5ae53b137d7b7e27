"""Form fields every app may use, and the renderer every form is drawn with."""

from django import forms
from django.forms.renderers import TemplatesSetting

# The largest key a database row can have: a number beyond it is no row at all, and SQLite
# would fail on it with OverflowError instead of saying so.
MAX_KEY = 2**63 - 1


def _key_in_range(value) -> bool:
    try:
        return abs(int(str(value).strip())) <= MAX_KEY
    except (TypeError, ValueError):
        return True  # not a number: the field's own validation says it is not a valid choice


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers "not a valid choice" to a number too large for any key."""

    def to_python(self, value):
        if value not in self.empty_values and not _key_in_range(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for several choices."""

    def _check_values(self, value):
        for item in value or []:
            if not _key_in_range(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


class SamholdFormRenderer(TemplatesSetting):
    """Draws every field with one template, templates/forms/field.html, through
    BoundField.as_field_group(), so public pages and Min side look alike and tie help text and
    errors to their field the same way: the ids it gives (<auto_id>_helptext, <auto_id>_error)
    are the ones Django itself writes into each widget's aria-describedby.

    TemplatesSetting, because Django's default renderer looks only in Django's and the apps'
    template folders, never in the project's templates/. This one loads templates as pages do
    (settings.TEMPLATES), so it needs "django.forms" in INSTALLED_APPS for Django's widgets.
    Wagtail's admin draws its fields with template tags of its own and is not affected."""

    field_template_name = "forms/field.html"
