"""Rating the outcome areas and personal goals."""

from django import forms

from hubspoke.cases import outcomes
from hubspoke.cases.models import Rater, RatingOccasion
from hubspoke.lib.forms import DateField


class OutcomeRatingForm(forms.Form):
    rated_on = DateField(label="Date of the rating", subject="the date of the rating")
    rater = forms.ChoiceField(label="Who is rating?", choices=Rater.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Select who is rating"})
    occasion = forms.ChoiceField(label="When is this?", choices=RatingOccasion.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select when this rating is"})

    def __init__(self, *args, **kwargs):


        super().__init__(*args, **kwargs)
        scale = [(str(n), f"{n}: {outcomes.SCALE_WORDS[n]}") for n in outcomes.SCALE]
        for area in outcomes.AREAS:
            self.fields[f"area_{area.id}"] = forms.TypedChoiceField(
                label=f"{area.label}: “{area.question}”", choices=scale, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": f"Select a rating for {area.label.lower()}"},
            )
        for n in range(1, outcomes.MAX_GOALS + 1):
            self.fields[f"goal_{n}"] = forms.CharField(label=f"Personal goal {n} (optional)", required=False,
                                                       max_length=200)
            self.fields[f"goal_{n}_score"] = forms.TypedChoiceField(
                label=f"Personal goal {n}: how close, from 0 to 10", required=False, coerce=int, empty_value=None,
                choices=[("", "Not rated"), *((str(k), str(k)) for k in outcomes.GOAL_SCALE)],
            )

    def clean(self):


        cleaned = super().clean()
        for n in range(1, outcomes.MAX_GOALS + 1):
            if (cleaned.get(f"goal_{n}") or "").strip() and cleaned.get(f"goal_{n}_score") is None:
                self.add_error(f"goal_{n}_score", f"Rate personal goal {n} from 0 to 10")
        return cleaned

    def area_fields(self):


        return [self[f"area_{area.id}"] for area in outcomes.AREAS]

    def goal_fields(self):


        return [(self[f"goal_{n}"], self[f"goal_{n}_score"]) for n in range(1, outcomes.MAX_GOALS + 1)]

    def for_action(self) -> dict:


        d = self.cleaned_data
        return {
            "rated_on": d["rated_on"], "rater": d["rater"], "occasion": d["occasion"],
            "scores": {area.id: d[f"area_{area.id}"] for area in outcomes.AREAS},
            "personal_goals": [{"goal": d[f"goal_{n}"], "score": d[f"goal_{n}_score"]}
                               for n in range(1, outcomes.MAX_GOALS + 1) if d.get(f"goal_{n}")],
        }
