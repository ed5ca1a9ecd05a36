"""Form fields in the GOV.UK Design System's patterns, with its wording for errors."""

import datetime as dt

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError

DATE_PARTS = ("day", "month", "year")


class DateInputWidget(forms.MultiWidget):
    """Three boxes (day, month, year), named ``<name>_day`` and so on. Rendered by
    ``includes/_date_field.html``."""

    def __init__(self, attrs=None):
        super().__init__(widgets={part: forms.TextInput() for part in DATE_PARTS}, attrs=attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def id_for_label(self, id_):
        # The error summary links to the first box.
        return f"{id_}_day" if id_ else ""


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, each box kept as typed when there is an error.

    Errors follow the GOV.UK date-input pattern, naming the date as ``subject`` does: "Enter
    <subject>", "<Subject> must include a month", "<Subject> must be a real date", "Year must
    include 4 numbers". ``subject`` is the label unless the label is a question or carries a
    hint in brackets ("When did they go missing?"), which cannot stand in a sentence: then give
    the date's name ("the date they went missing"), and a "required" message if "Enter <subject>"
    does not read well ("Enter when they went missing")."""

    widget = DateInputWidget

    def __init__(self, *, label: str, subject: str | None = None, error_messages: dict | None = None, **kwargs):
        subject = (subject or label).strip()
        if subject.endswith("?") or "(" in subject:
            raise ImproperlyConfigured(f"DateField {label!r} needs a subject for its error messages")
        self.subject = subject[:1].upper() + subject[1:]
        parts = tuple(forms.CharField(required=False, max_length=4) for _ in DATE_PARTS)
        messages = {"required": f"Enter {subject[:1].lower()}{subject[1:]}", **(error_messages or {})}
        super().__init__(fields=parts, require_all_fields=False, label=label, error_messages=messages, **kwargs)

    def prepare_value(self, value):
        return self.widget.decompress(value) if isinstance(value, dt.date) else value

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = ((v or "").strip() for v in data_list)
        missing = [name for name, v in zip(DATE_PARTS, (day, month, year), strict=True) if not v]
        if missing:
            raise ValidationError(f"{self.subject} must include a {' and a '.join(missing)}", code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{self.subject} must be a real date", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.subject} must be a real date", code="invalid") from None


def add_errors(form, error: ValidationError) -> None:
    """An action's ValidationError on ``form``: each field's message beside that field where the
    form has it, otherwise at the top of the page (an action may name a field the form does not
    show, such as the young person's date of birth when a referral is accepted)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
