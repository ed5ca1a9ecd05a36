from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.lib.names import VisibleCharactersOnly
from hubspoke.monitoring.actions import API_TOKEN_DAYS
from hubspoke.network.models import PostLocation


class NarrativeForm(forms.Form):
    achievements = forms.CharField(
        label="Achievements this quarter", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What went well: new partnerships, training given, changes the service made.",
    )
    challenges = forms.CharField(
        label="Challenges", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What got in the way: vacancies, waiting times, gaps in local services.",
    )
    context = forms.CharField(
        label="Context", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What helps the evaluation team read the figures: local changes, a new pathway, a spoke opening.",
    )
    data_quality_notes = forms.CharField(
        label="Data-quality notes", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=("Anything missing or recorded late that affects these figures. "
                   "Do not name or describe a young person."),
    )


class SubmitForm(forms.Form):
    checked = forms.BooleanField(
        label=("I have checked these figures and the narrative, and they contain nothing that could "
               "identify a young person"),
        error_messages={"required": "Confirm you have checked the return before you submit it"},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why does the return need to be reopened?", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The evaluation team sees this reason with the corrected version.",
        error_messages={"required": "Enter why the return needs to be reopened"},
    )


class SurveyForm(forms.Form):
    as_of = DateField(label="The date posts are counted as at")
    due_on = DateField(label="When services must confirm their posts by",
                       subject="the date services must confirm their posts by",
                       error_messages={"required": "Enter when services must confirm their posts by"})

    def clean(self):
        data = super().clean()
        if data.get("as_of") and data.get("due_on") and data["due_on"] < data["as_of"]:
            self.add_error("due_on", "The date it is due must be on or after the date it is as at")
        return data


class SurveyPostForm(forms.Form):
    title = forms.CharField(label="Post title", max_length=150, validators=[VisibleCharactersOnly("Post title")],
                            error_messages={"required": "Enter the post's title"})
    fte = forms.DecimalField(
        label="FTE", max_digits=3, decimal_places=2, min_value=0.01, max_value=1,
        help_text="Full-time equivalent, from 0.01 to 1, for example 0.6",
        error_messages={"required": "Enter the post's FTE", "invalid": "Enter the FTE as a number, like 0.6",
                        "min_value": "The FTE must be more than 0", "max_value": "The FTE must be 1 or less",
                        "max_decimal_places": "Enter the FTE to at most 2 decimal places"},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    place = forms.ChoiceField(label="Where the post is", error_messages={"required": "Select where the post is"})
    funder = forms.ChoiceField(label="Funder", error_messages={"required": "Select who funds the post"})
    filled = forms.ChoiceField(label="Filled or vacant", choices=(("filled", "Filled"), ("vacant", "Vacant")),
                               widget=forms.RadioSelect, error_messages={"required": "Select filled or vacant"})

    def __init__(self, *args, spokes, funders, **kwargs):
        super().__init__(*args, **kwargs)
        self.spokes = {str(s.uuid): s for s in spokes}
        self.funders = {str(f.uuid): f for f in funders}
        self.fields["place"].choices = [("hub", "Hub")] + [(ref, f"Spoke: {s.name}") for ref, s in self.spokes.items()]
        # A browser sends the list's first choice for an untouched row: as the initial value, it
        # leaves a blank row unchanged, so the formset ignores it rather than asking for its fields.
        self.fields["place"].initial = "hub"
        self.fields["funder"].choices = [("", "Select a funder")] + [(ref, f.name) for ref, f in self.funders.items()]

    def post(self) -> dict:
        data = self.cleaned_data
        spoke = self.spokes.get(data["place"])
        return {
            "title": data["title"], "fte": data["fte"],
            "location": PostLocation.SPOKE if spoke else PostLocation.HUB, "spoke": spoke,
            "funder": self.funders[data["funder"]], "filled": data["filled"] == "filled",
        }


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="What is the key for?", max_length=100,
                           help_text="For example, 'Quarterly analysis script'.",
                           error_messages={"required": "Enter what the key is for"})
    days = forms.TypedChoiceField(
        label="How long should it last?", coerce=int, widget=forms.RadioSelect,
        choices=[(d, f"{d} days") for d in API_TOKEN_DAYS],
        error_messages={"required": "Select how long the key lasts"},
    )


class _PostFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this post"


SurveyPostFormSet = forms.formset_factory(SurveyPostForm, formset=_PostFormSet, extra=1, can_delete=True,
                                          max_num=200, absolute_max=200)
