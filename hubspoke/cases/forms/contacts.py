"""Recording a contact."""

from django import forms

from hubspoke.cases.actions.contacts import contact_choice_errors
from hubspoke.cases.forms._when import at
from hubspoke.cases.models import ContactLocation, ContactMethod, ContactOutcome, PlanElement, Present
from hubspoke.lib.forms import DateField


class ContactForm(forms.Form):
    """Quick to fill in on a phone: the usual answers first, everything optional that can be."""

    occurred_on = DateField(label="Date", subject="the date of the contact", help_text="For example, 27 3 2026")
    time = forms.TimeField(label="Time (optional)", required=False, help_text="For example, 16:30",
                           error_messages={"invalid": "Enter a time like 16:30"})
    method = forms.ChoiceField(label="How?", choices=ContactMethod.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select how the contact was made or tried"})
    location = forms.ChoiceField(label="Where? (in person)", required=False,
                                 choices=[("", "Not in person"), *ContactLocation.choices])
    outcome = forms.ChoiceField(label="Did it happen?", choices=ContactOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select whether it happened"})
    present = forms.MultipleChoiceField(label="Who was there?", choices=Present.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    professionals_present = forms.CharField(label="Which professionals? (optional)", required=False,
                                            max_length=300)
    duration_minutes = forms.IntegerField(label="How long, in minutes (optional)", required=False, min_value=1,
                                          max_value=1440,
                                          error_messages={"invalid": "Enter the minutes as a number, like 45",
                                                          "min_value": "Enter at least 1 minute",
                                                          "max_value": "Enter no more than 1440 minutes"})
    elements = forms.MultipleChoiceField(label="What was it for? (optional)", choices=PlanElement.choices,
                                         required=False, widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    restricted = forms.BooleanField(
        label="Restrict this note to the allocated workers and managers", required=False,
    )

    def clean(self):
        cleaned = super().clean()
        # The action's own rules, here too, so that every error shows at once.
        for name, message in contact_choice_errors(cleaned).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def occurred_at(self):
        return at(self.cleaned_data["occurred_on"], self.cleaned_data.get("time"))

    def fields_for_action(self) -> dict:
        data = self.cleaned_data
        return {
            "occurred_at": self.occurred_at(), "duration_minutes": data["duration_minutes"],
            "method": data["method"], "location": data["location"], "outcome": data["outcome"],
            "present": data["present"], "professionals_present": data["professionals_present"].strip(),
            "elements": data["elements"], "notes": data["notes"].strip(), "restricted": data["restricted"],
        }
