"""Closing and reopening a case."""

from django import forms

from hubspoke.cases.forms.allocation import AllocateForm
from hubspoke.cases.models import CLOSING_REASONS, Engagement, Rating
from hubspoke.lib.forms import DateField


class CloseCaseForm(forms.Form):
    reason = forms.ChoiceField(label="Why is the case closing?", choices=CLOSING_REASONS, widget=forms.RadioSelect,
                               help_text="To transfer the case to another spoke or service, use “Transfer” "
                                         "on the case page instead.",
                               error_messages={"required": "Select why the case is closing",
                                               "invalid_choice": "Select why the case is closing"})
    summary = forms.CharField(label="Closing summary", widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="What the work was, where things stand, who else is involved now.",
                              error_messages={"required": "Enter a closing summary"})
    engagement = forms.ChoiceField(label="How engaged were they, by the end?", choices=Engagement.choices,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Select how engaged they were"})
    outcomes_achieved = forms.ChoiceField(label="How many of the plan's outcomes were achieved?",
                                          choices=Rating.choices, widget=forms.RadioSelect,
                                          error_messages={"required": "Select how many outcomes were achieved"})
    what_helped = forms.CharField(label="What helped? (optional)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    approval_rationale = forms.CharField(label="Why is closing right although the risk is high?", required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    statutory_agency_told = forms.CharField(label="Which statutory agency was told?", required=False,
                                            max_length=200, help_text="For example, Blackpool children's social care")
    statutory_told_on = DateField(label="When were they told?", subject="the date they were told", required=False)


class ReopenForm(AllocateForm):
    reason = forms.CharField(label="Why is the case reopening?", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the case is reopening"})
