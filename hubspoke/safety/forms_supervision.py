"""Recording a supervision, and a service's schedule (how often each kind is due per role)."""

from __future__ import annotations

from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.safety.actions.supervision import TEXT_MAX
from hubspoke.safety.models import STAFF_ROLES, SupervisionKind


class SupervisionForm(forms.Form):
    """``kinds``: those the person may record; ``cases``: the supervisee's caseload that both
    may see; ``others``: the service's other staff, for a group debrief."""

    kind = forms.ChoiceField(label="What kind of supervision was it?", widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of supervision"})
    held_on = DateField(label="Date it was held", subject="the date it was held")
    cases = forms.MultipleChoiceField(
        label="Cases discussed", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Their case's chronology will show that it was discussed in supervision, with the date and "
                  "kind only.")
    others = forms.MultipleChoiceField(
        label="Others in the group debrief", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Each gets their own record of the date, kind and actions agreed. Their wellbeing and cases "
                  "stay for their own supervision.")
    actions_agreed = forms.CharField(
        label="Actions agreed", required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The cases discussed are linked above: there is no need to name young people here.",
        error_messages={"max_length": f"Actions agreed must be {TEXT_MAX} characters or fewer"})
    wellbeing_note = forms.CharField(
        label="Their wellbeing", required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only they and you can read this.",
        error_messages={"max_length": f"Their wellbeing must be {TEXT_MAX} characters or fewer"})

    def __init__(self, *args, kinds: list[str], cases: list, others: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, SupervisionKind(k).label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        self.case_by_ref = {str(c.uuid): c for c in cases}
        self.fields["cases"].choices = [(str(c.uuid), str(c.young_person)) for c in cases]
        self.other_by_ref = {str(m.uuid): m for m in others}
        self.fields["others"].choices = [(str(m.uuid), f"{m.person.full_name} ({m.get_role_display().lower()})")
                                         for m in others]
        if SupervisionKind.GROUP_DEBRIEF not in kinds or not others:
            del self.fields["others"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("others") and cleaned.get("kind") != SupervisionKind.GROUP_DEBRIEF:
            self.add_error("others", "Only a group debrief is recorded for others too: untick them, or choose "
                                     "group debrief")
        return cleaned

    def chosen_cases(self) -> list:
        return [self.case_by_ref[ref] for ref in self.cleaned_data.get("cases") or []]

    def chosen_others(self) -> list:
        return [self.other_by_ref[ref] for ref in self.cleaned_data.get("others") or []]


class ScheduleForm(forms.Form):
    """One box per staff role and kind: every how many days, or empty for "not expected". The
    page's own marker tells an emptied form (every box cleared on purpose) from a bare POST."""

    saving = forms.CharField(widget=forms.HiddenInput, error_messages={
        "required": "Save the schedule from its page, with each box filled in or left empty"})

    def __init__(self, *args, current: dict[tuple[str, str], int], **kwargs):
        super().__init__(*args, **kwargs)
        for role in STAFF_ROLES:
            for kind in SupervisionKind.values:
                self.fields[f"{role}__{kind}"] = forms.IntegerField(
                    label=f"{SupervisionKind(kind).label} for a {role.label.lower()}, every how many days",
                    required=False, min_value=1, max_value=730, initial=current.get((kind, role)),
                    error_messages={"invalid": "Enter a whole number of days, like 30",
                                    "min_value": "Enter a number of days from 1 to 730, or leave it empty",
                                    "max_value": "Enter a number of days from 1 to 730, or leave it empty"})

    def rows(self):
        """Each role with its boxes, kind by kind, for the table."""
        for role in STAFF_ROLES:
            yield role.label, [self[f"{role}__{kind}"] for kind in SupervisionKind.values]

    def every(self) -> dict[tuple[str, str], int | None]:
        return {(kind, role): self.cleaned_data.get(f"{role}__{kind}")
                for role in STAFF_ROLES for kind in SupervisionKind.values}
