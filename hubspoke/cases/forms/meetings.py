"""Recording a multi-agency meeting."""

from django import forms

from hubspoke.cases.models import MeetingKind
from hubspoke.lib.forms import DateField


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of meeting?", choices=MeetingKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of meeting"})
    held_on = DateField(label="Date of the meeting", subject="the date of the meeting")
    agencies_present = forms.CharField(label="Agencies there", widget=forms.Textarea(attrs={"rows": 2}),
                                       error_messages={"required": "Enter the agencies that were there"})
    decisions = forms.CharField(label="What was decided", widget=forms.Textarea(attrs={"rows": 4}),
                                error_messages={"required": "Enter what was decided"})
    actions = forms.CharField(label="Actions agreed (optional)", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
