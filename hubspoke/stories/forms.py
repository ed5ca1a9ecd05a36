"""The guided page (five questions, then what goes in from the record), the manager's check
and recording that a version was given. Without JavaScript the guided page is one form that
saves; each event the worker ticks keeps the line as they reworded it."""

from __future__ import annotations

from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.stories import rules
from hubspoke.stories.models import GivenHow

LINE_MAX = 500
ANSWER_MAX = 4000


class StoryForm(forms.Form):
    """``choices``: the record's events (rules.Choice); ``goals``: the plan's current goals;
    ``outcome``: whether an assessment outcome exists to include."""

    SAVE, PREVIEW = "save", "preview"

    def __init__(self, *args, choices: list[rules.Choice], goals: list, has_outcome: bool, draft: dict,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        answers = draft.get("answers", {})
        for key, heading, hint in rules.QUESTIONS:
            self.fields[key] = forms.CharField(
                label=heading, help_text=hint, required=False, max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": f"{heading} must be {ANSWER_MAX} characters or fewer"})
            self.fields[key].initial = answers.get(key, "")
        chosen = {e["key"]: e for e in draft.get("events", [])}
        self.fields["events"] = forms.MultipleChoiceField(
            required=False, choices=[(c.key, c.default_line) for c in choices],
            widget=forms.CheckboxSelectMultiple, initial=list(chosen))
        for c in choices:
            self.fields[f"line_{c.key}"] = forms.CharField(
                label=f"How the {c.on:%-d %B %Y} line reads in the story", required=False, max_length=LINE_MAX,
                initial=(chosen.get(c.key) or {}).get("line") or c.default_line,
                error_messages={"max_length": f"Each event's line must be {LINE_MAX} characters or fewer"})
            if c.sensitive:
                self.fields[f"confirm_{c.key}"] = forms.BooleanField(
                    label=c.confirm_label, required=False,
                    initial=bool((chosen.get(c.key) or {}).get("confirmed")))
        self.fields["goals"] = forms.MultipleChoiceField(
            label="Goals from their plan", required=False, widget=forms.CheckboxSelectMultiple,
            help_text="Their current goals, as written in the plan, with what they said about each.",
            choices=[(str(g.uuid), g.goal) for g in goals],
            initial=draft["goals"] if "goals" in draft else [str(g.uuid) for g in goals])
        self.has_outcome = has_outcome
        self.fields["assessment"] = forms.BooleanField(
            label="Include the outcome of their assessment: the level and what it means, in plain words",
            required=False, initial=draft.get("assessment", has_outcome))
        self.fields["looked_at"] = forms.BooleanField(
            label="Include what the assessment looked at (the things that applied to them)", required=False,
            initial=draft.get("looked_at", False))

    def rows(self):
        """Each event with its own fields, for the template."""
        for c in self.choices:
            yield {"choice": c, "checked": c.key in (self["events"].value() or []),
                   "line": self[f"line_{c.key}"],
                   "confirm": self[f"confirm_{c.key}"] if c.sensitive else None}

    def clean(self):
        cleaned = super().clean()
        by_key = {c.key: c for c in self.choices}
        for key in cleaned.get("events") or []:
            choice = by_key[key]
            if choice.sensitive and not cleaned.get(f"confirm_{key}"):
                self.add_error(f"confirm_{key}", f"Confirm that you mean to include \"{choice.title}\", or untick it")
        if not self.errors and not (any((cleaned.get(key) or "").strip() for key in rules.QUESTION_KEYS)
                                    or cleaned.get("events") or cleaned.get("goals") or cleaned.get("assessment")):
            self.add_error(None, "Write at least one part of the story, or tick something from the record to go in it")
        if cleaned.get("looked_at") and not cleaned.get("assessment"):
            self.add_error("looked_at", "Include the assessment's outcome to include what it looked at")
        return cleaned

    def draft(self) -> dict:
        data = self.cleaned_data
        return {
            "answers": {key: data.get(key, "").strip() for key in rules.QUESTION_KEYS},
            "events": [{"key": key, "line": (data.get(f"line_{key}") or "").strip(),
                        "confirmed": bool(data.get(f"confirm_{key}"))} for key in data.get("events") or []],
            "goals": list(data.get("goals") or []),
            "assessment": bool(data.get("assessment")) and self.has_outcome,
            "looked_at": bool(data.get("looked_at")) and self.has_outcome,
        }


class FinishForm(forms.Form):
    seen = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "Preview the story before "
                                                                               "finishing it"})


class GiveForm(forms.Form):
    given_on = DateField(label="Date you gave it", subject="the date you gave it")
    how = forms.ChoiceField(label="How did you give it?", choices=GivenHow.choices, widget=forms.RadioSelect,
                            error_messages={"required": "Select how you gave it"})
