"""Choosing a lead worker: allocating a referral and changing a case's lead."""

from django import forms


class AllocateForm(forms.Form):
    worker = forms.ChoiceField(
        label="Who will be the lead worker?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lead worker"},
    )
    over_capacity_confirmed = forms.BooleanField(
        label="I know this takes them over their caseload capacity", required=False
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {str(m.person.uuid): m for m in workers}
        if not self.workers:
            self.fields["worker"].error_messages["required"] = (
                "Nobody who works where this is held can take it: ask an administrator to add a worker"
            )
        self.fields["worker"].choices = [(key, self.describe(m)) for key, m in self.workers.items()]

    @staticmethod
    def describe(membership) -> str:
        where = membership.spoke.name if membership.spoke_id else "Hub"
        capacity = f" of {membership.caseload_capacity}" if membership.caseload_capacity else ""
        return (
            f"{membership.person.full_name} ({membership.get_role_display().lower()}, {where}): "
            f"{membership.open_cases} open cases, load {membership.load:g}{capacity}"
        )

    def clean(self):
        cleaned = super().clean()
        chosen = self.workers.get(cleaned.get("worker") or "")
        if (
            chosen
            and chosen.caseload_capacity
            and chosen.load + 1 > chosen.caseload_capacity
            and not cleaned.get("over_capacity_confirmed")
        ):
            self.add_error(
                "over_capacity_confirmed",
                f"{chosen.person.full_name} is at or over capacity: confirm, or choose someone else",
            )
        return cleaned

    @property
    def membership(self):
        return self.workers[self.cleaned_data["worker"]]


class ReallocateForm(AllocateForm):
    reason = forms.CharField(
        label="Why is the lead worker changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the worker is leaving, or the young person asked for someone else.",
        error_messages={"required": "Enter why the lead worker is changing"},
    )

    def __init__(self, *args, workers, current_lead_id=None, **kwargs):
        super().__init__(*args, workers=[m for m in workers if m.person_id != current_lead_id], **kwargs)
        self.fields["worker"].label = "Who will be the new lead worker?"
