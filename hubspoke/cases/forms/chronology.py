"""Filtering the chronology."""

from django import forms

from hubspoke.lib.forms import DateField


class ChronologyFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(label="Show", required=False, widget=forms.CheckboxSelectMultiple)
    since = DateField(label="From", subject="the date to show events from", required=False,
                      help_text="For example, 1 9 2026")
    until = DateField(label="To", subject="the date to show events to", required=False)
    significant = forms.BooleanField(label="Only events marked significant", required=False)

    def __init__(self, *args, kinds: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = list(kinds.items())
