from django import forms

from hubspoke.lib.dates import today


class EndMembershipForm(forms.Form):
    ends_on = forms.DateField(
        label="Last day in this role",
        help_text="For example, 27 3 2027. Use today's date if they have already left.",
        error_messages={
            "required": "Enter the last day in this role",
            "invalid": "Enter a real date, for example 27/03/2027",
        },
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"],
    )
    reason = forms.CharField(
        label="Reason",
        help_text="For example: left the service, moved to another spoke, long-term leave.",
        max_length=500,
        error_messages={"required": "Enter the reason this role is ending"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if self.membership and ends_on < self.membership.starts_on:
            raise forms.ValidationError(
                f"The last day must be on or after the start date, {self.membership.starts_on:%-d %B %Y}"
            )
        if ends_on < today().replace(year=today().year - 1):
            raise forms.ValidationError("The last day must be within the past year")
        return ends_on
