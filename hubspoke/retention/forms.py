"""Forms of the retention app: a period, a data protection lead, a hold and its lifting, a
proposal to dispose and the second person's decision."""

from __future__ import annotations

from django import forms

from hubspoke.retention.models import DisposalReason

REASON_HINT = "Say why without naming the young person: this is kept after the record is erased."


def _text(label, *, required=True, message="", help_text="", rows=3):
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": message})


class PeriodForm(forms.Form):
    years = forms.IntegerField(label="Years", min_value=0, max_value=200, widget=forms.NumberInput(
        attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"required": "Enter a number of years", "invalid": "Enter a whole number of years",
                        "min_value": "Enter a number of years", "max_value": "Enter a number of years"})
    reason = _text("Why is it changing?", message="Enter why the period is changing",
                   help_text="For example, the programme's legal advice, or a change in national guidance.")


class LeadForm(forms.Form):
    service = forms.ChoiceField(label="Service", error_messages={
        "required": "Select the service", "invalid_choice": "Select the service"})
    person = forms.ChoiceField(label="Data protection lead", error_messages={
        "required": "Select who is the data protection lead, or nobody",
        "invalid_choice": "Select who is the data protection lead, or nobody"},
        help_text="An administrator of the programme. They approve disposals and see no young person's details.")

    def __init__(self, *args, services, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "Choose a service")] + [(str(s.uuid), s.name) for s in services]
        self.fields["person"].choices = [("", "Choose a person"), ("none", "Nobody")] + [
            (str(p.uuid), p.full_name) for p in people]


class HoldForm(forms.Form):
    reason = _text("Why is the record on hold?", message="Enter why the record is on hold",
                   help_text="For example, a claim, a police investigation or an inquiry that may need it. "
                   + REASON_HINT)


class LiftForm(forms.Form):
    reason = _text("Why is the hold being lifted?", message="Enter why the hold is being lifted",
                   help_text=REASON_HINT)


class ProposeForm(forms.Form):
    reason = forms.ChoiceField(label="Why should the record be disposed of?", choices=DisposalReason.choices,
                               widget=forms.RadioSelect, error_messages={
                                   "required": "Select why the record should be disposed of",
                                   "invalid_choice": "Select why the record should be disposed of"})
    explanation = _text("Explanation", required=False,
                        help_text="Needed for a record made in error. " + REASON_HINT)


APPROVE, REJECT, WITHDRAW = "approve", "reject", "withdraw"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect, choices=[
        (APPROVE, "Approve: erase the record now"), (REJECT, "Do not approve: keep the record")],
        error_messages={"required": "Select whether you approve", "invalid_choice": "Select whether you approve"})
    note = _text("If you do not approve, why?", required=False, help_text=REASON_HINT)
