"""The plan page's small forms, and the plan for turning 18."""

from django import forms

from hubspoke.cases.models import Agreement, GoalStatus, PlanElement
from hubspoke.lib.forms import DateField


class GoalForm(forms.Form):
    element = forms.ChoiceField(label="Which part of the work is it about?", choices=PlanElement.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Select which part of the work this goal is about"})
    goal = forms.CharField(label="The goal, in words the young person would use", widget=forms.Textarea(attrs={
        "rows": 2}), help_text="For example: Feel safe getting home from college.",
        error_messages={"required": "Enter the goal"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="goal", **kwargs)


class ActionForm(forms.Form):
    action = forms.CharField(label="What will be done", error_messages={"required": "Enter what will be done"})
    who = forms.CharField(label="Who", max_length=150, help_text="For example: Jade, her worker, the school.",
                          error_messages={"required": "Enter who will do it"})
    due_on = DateField(label="By when", subject="the date it is due by", help_text="For example, 27 3 2026",
                       error_messages={"required": "Enter when it will be done by"})

    def __init__(self, *args, goal_ref: str, **kwargs):
        super().__init__(*args, prefix=f"action-{goal_ref}", **kwargs)


class GoalUpdateForm(forms.Form):
    status = forms.ChoiceField(label="How is it going?", choices=GoalStatus.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select how it is going"})
    agreement = forms.ChoiceField(label="Does the young person agree with this goal?", choices=Agreement.choices,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": "Select whether the young person agrees with this goal"})
    young_persons_comments = forms.CharField(label="What they said (optional)", required=False,
                                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, goal_ref: str, **kwargs):
        super().__init__(*args, prefix=f"update-{goal_ref}", **kwargs)


class PlanReviewForm(forms.Form):
    plan_review_on = DateField(label="Next plan review", subject="the date of the next plan review",
                               help_text="For example, 27 3 2026")


class TransitionPlanForm(forms.Form):
    transition_plan = forms.CharField(
        label="Transition plan", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happens as they turn 18: adult services, leaving-care support, college, who they can call.",
        error_messages={"required": "Enter the transition plan"},
    )
