"""Which GOV.UK component renders a form field: the template cannot see widget classes."""

from django import forms, template

from hubspoke.lib.forms import DateInputWidget

register = template.Library()


@register.filter
def govuk_kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def is_selected(value, field) -> bool:
    """Whether a choice is selected in a bound or initial field value (one value or many)."""
    current = field.value()
    if isinstance(current, list | tuple):
        return str(value) in {str(v) for v in current}
    return str(value) == str(current) if current is not None else False


@register.filter
def error_anchor(field) -> str:
    """Where the error summary links to: the field's input, or its first radio or checkbox
    (Django gives radios no label id of their own; ``includes/_field.html`` skips a blank choice)."""
    if govuk_kind(field) in ("radios", "checkboxes"):
        first = next((index for index, (value, _) in enumerate(field.field.choices) if value != ""), 0)
        return f"{field.auto_id}_{first}"
    return field.id_for_label


@register.filter
def choice_hint(field, value) -> str:
    """The hint under one radio or checkbox: the form field's ``choice_hints``, by value."""
    return getattr(field.field, "choice_hints", {}).get(str(value), "")


@register.filter
def revealed(field, value) -> list:
    """The questions shown under one radio when it is chosen (a GOV.UK conditional reveal): the
    form field's ``reveals``, by value, as bound fields of the same form (those it still has)."""
    names = getattr(field.field, "reveals", {}).get(str(value), ())
    return [field.form[name] for name in names if name in field.form.fields]


@register.filter
def get_count(counts: dict, key) -> int:
    """counts|get_count:key — a count from a dict, 0 when absent."""
    return counts.get(key, 0) if isinstance(counts, dict) else 0
