from django import forms

from hubspoke.lib.forms import DateField


class EndMembershipForm(forms.Form):
    NOW, LATER = "now", "later"
    when = forms.ChoiceField(
        label="When should this role end?",
        choices=[(NOW, "Now: they lose access straight away"), (LATER, "On a last working day")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select when this role should end"},
    )
    ends_on = DateField(label="Last day in this role", required=False)
    reason = forms.CharField(
        label="Reason",
        help_text="For example: left the service, moved to another spoke, long-term leave.",
        max_length=500,
        error_messages={"required": "Enter the reason this role is ending"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == self.LATER and not cleaned.get("ends_on") and "ends_on" not in self.errors:
            self.add_error("ends_on", "Enter the last day in this role")
        return cleaned

    @property
    def last_day(self):
        """None means now."""
        return self.cleaned_data["ends_on"] if self.cleaned_data["when"] == self.LATER else None
