"""Form fields every app may use."""

from django import forms

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
