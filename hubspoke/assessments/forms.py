"""Assessment forms. A section's form is built from the tool's definition: one question per
indicator (its answers as radios), when it last happened for timed indicators, and a note."""

from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.network.models import Agency
from hubspoke.referrals.models import ConcernTag


class SectionForm(forms.Form):
    def __init__(self, *args, tool_def: dict, section: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        windows = [(w["id"], w["label"]) for w in tool_def["time_windows"]]
        for ind in section["indicators"]:
            answers = [(a["value"], a["label"]) for a in tool_def["answer_sets"][ind["answers"]]]
            self.fields[f"a-{ind['id']}"] = forms.ChoiceField(
                label=ind["text"], choices=answers, required=False, widget=forms.RadioSelect, help_text=ind["notes"],
            )
            if ind["timed"]:
                self.fields[f"w-{ind['id']}"] = forms.ChoiceField(
                    label="When did it last happen?", choices=windows, required=False, widget=forms.RadioSelect,
                )
            self.fields[f"n-{ind['id']}"] = forms.CharField(
                label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                help_text="What you know and where it comes from.",
            )

    @staticmethod
    def initial_from(section: dict, answers: dict) -> dict:
        initial = {}
        for ind in section["indicators"]:
            given = answers.get(ind["id"]) or {}
            initial.update({f"a-{ind['id']}": given.get("answer", ""), f"w-{ind['id']}": given.get("window", ""),
                            f"n-{ind['id']}": given.get("note", "")})
        return initial

    def answers(self) -> dict:
        return {
            ind["id"]: {
                "answer": self.cleaned_data.get(f"a-{ind['id']}", ""),
                "window": self.cleaned_data.get(f"w-{ind['id']}", "") if ind["timed"] else "",
                "note": self.cleaned_data.get(f"n-{ind['id']}", ""),
            }
            for ind in self.section["indicators"]
        }

    def questions(self):
        """Each indicator with its bound fields, for the template."""
        for ind in self.section["indicators"]:
            yield {
                "indicator": ind,
                "answer": self[f"a-{ind['id']}"],
                "window": self[f"w-{ind['id']}"] if ind["timed"] else None,
                "note": self[f"n-{ind['id']}"],
            }


class StartForm(forms.Form):
    tool = forms.ChoiceField(label="Which tool?", widget=forms.RadioSelect,
                             error_messages={"required": "Select the tool to use"})

    def __init__(self, *args, tools, **kwargs):
        super().__init__(*args, **kwargs)
        self.tools = {str(t.uuid): t for t in tools}
        self.fields["tool"].choices = [
            (key, f"{t.title} ({t.get_purpose_display().lower()}, version {t.version})")
            for key, t in self.tools.items()
        ]

    @property
    def chosen(self):
        return self.tools[self.cleaned_data["tool"]]


AGREE = "agree"


class CompleteForm(forms.Form):
    assessed_on = DateField(label="Date of the assessment", subject="the date of the assessment",
                            help_text="For example, 27 3 2026")
    judgement = forms.ChoiceField(label="Your professional judgement", widget=forms.RadioSelect,
                                  error_messages={"required": "Select whether you agree with the computed level"})
    judgement_rationale = forms.CharField(
        label="Why does your judgement differ? (needed if it does)", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you know that the answers do not show. Both levels are kept and reported.",
    )
    young_persons_view = forms.CharField(label="The young person's view, in their words", required=False,
                                         widget=forms.Textarea(attrs={"rows": 5}))
    view_not_obtained_reason = forms.CharField(
        label="If you could not get their view, why not?", required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies contributed?", queryset=Agency.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_contributors = forms.CharField(
        label="Anyone else who contributed (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, a parent or carer, a teacher, a foster carer.",
    )
    models_of_cse = forms.MultipleChoiceField(
        label="Models of exploitation seen", choices=ConcernTag.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Suggested from the answers; confirm or change.",
    )

    def __init__(self, *args, tool_def: dict, computed: str, agencies, prompt: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {lv["id"]: lv["label"] for lv in tool_def["levels"]}
        self.fields["judgement"].choices = [(AGREE, f"I agree: {labels[computed]}")] + [
            (lv["id"], f"My judgement is {lv['label'].lower()}") for lv in tool_def["levels"] if lv["id"] != computed
        ]
        self.fields["agencies"].queryset = agencies
        self.fields["young_persons_view"].help_text = prompt

    def judgement_level(self) -> str:
        chosen = self.cleaned_data["judgement"]
        return "" if chosen == AGREE else chosen


class ServiceToolsForm(forms.Form):
    tools = forms.MultipleChoiceField(
        label="Which tools does this service use?", widget=forms.CheckboxSelectMultiple,
        help_text="Workers are offered these when they start an assessment or a screening.",
        error_messages={"required": "Select at least one tool"},
    )

    def __init__(self, *args, tools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tools"].choices = [
            (t.tool_id, f"{t.title} ({t.get_purpose_display().lower()}, version {t.version})") for t in tools
        ]
