import datetime as dt

from django import forms
from django.utils import timezone

from hubspoke.cases import outcomes
from hubspoke.cases.actions import contact_choice_errors
from hubspoke.cases.models import (
    CLOSING_REASONS,
    Agreement,
    ContactLocation,
    ContactMethod,
    ContactOutcome,
    Engagement,
    GoalStatus,
    MeetingKind,
    PlanElement,
    Present,
    Rater,
    Rating,
    RatingOccasion,
    ReturnInterview,
)
from hubspoke.lib.forms import DateField


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


def _at(day, time):
    """A date and an optional time: without a time, now for today, midday for another day."""
    if day is None:
        return None
    if time is None:
        now = timezone.localtime()
        if day == now.date():
            return now.replace(second=0, microsecond=0)
        time = dt.time(12, 0)
    return timezone.make_aware(dt.datetime.combine(day, time))


class ContactForm(forms.Form):
    """Quick to fill in on a phone: the usual answers first, everything optional that can be."""

    occurred_on = DateField(label="Date", subject="the date of the contact", help_text="For example, 27 3 2026")
    time = forms.TimeField(label="Time (optional)", required=False, help_text="For example, 16:30",
                           error_messages={"invalid": "Enter a time like 16:30"})
    method = forms.ChoiceField(label="How?", choices=ContactMethod.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select how the contact was made or tried"})
    location = forms.ChoiceField(label="Where? (in person)", required=False,
                                 choices=[("", "Not in person"), *ContactLocation.choices])
    outcome = forms.ChoiceField(label="Did it happen?", choices=ContactOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select whether it happened"})
    present = forms.MultipleChoiceField(label="Who was there?", choices=Present.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    professionals_present = forms.CharField(label="Which professionals? (optional)", required=False,
                                            max_length=300)
    duration_minutes = forms.IntegerField(label="How long, in minutes (optional)", required=False, min_value=1,
                                          max_value=1440,
                                          error_messages={"invalid": "Enter the minutes as a number, like 45",
                                                          "min_value": "Enter at least 1 minute",
                                                          "max_value": "Enter no more than 1440 minutes"})
    elements = forms.MultipleChoiceField(label="What was it for? (optional)", choices=PlanElement.choices,
                                         required=False, widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    restricted = forms.BooleanField(
        label="Restrict this note to the allocated workers and managers", required=False,
    )

    def clean(self):
        cleaned = super().clean()
        # The action's own rules, here too, so that every error shows at once.
        for name, message in contact_choice_errors(cleaned).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def occurred_at(self):
        return _at(self.cleaned_data["occurred_on"], self.cleaned_data.get("time"))

    def fields_for_action(self) -> dict:
        data = self.cleaned_data
        return {
            "occurred_at": self.occurred_at(), "duration_minutes": data["duration_minutes"],
            "method": data["method"], "location": data["location"], "outcome": data["outcome"],
            "present": data["present"], "professionals_present": data["professionals_present"].strip(),
            "elements": data["elements"], "notes": data["notes"].strip(), "restricted": data["restricted"],
        }


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


class ChronologyFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(label="Show", required=False, widget=forms.CheckboxSelectMultiple)
    since = DateField(label="From", subject="the date to show events from", required=False,
                      help_text="For example, 1 9 2026")
    until = DateField(label="To", subject="the date to show events to", required=False)
    significant = forms.BooleanField(label="Only events marked significant", required=False)

    def __init__(self, *args, kinds: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = list(kinds.items())


class CloseCaseForm(forms.Form):
    reason = forms.ChoiceField(label="Why is the case closing?", choices=CLOSING_REASONS, widget=forms.RadioSelect,
                               help_text="To transfer the case to another spoke or service, use “Transfer” "
                                         "on the case page instead.",
                               error_messages={"required": "Select why the case is closing",
                                               "invalid_choice": "Select why the case is closing"})
    summary = forms.CharField(label="Closing summary", widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="What the work was, where things stand, who else is involved now.",
                              error_messages={"required": "Enter a closing summary"})
    engagement = forms.ChoiceField(label="How engaged were they, by the end?", choices=Engagement.choices,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Select how engaged they were"})
    outcomes_achieved = forms.ChoiceField(label="How many of the plan's outcomes were achieved?",
                                          choices=Rating.choices, widget=forms.RadioSelect,
                                          error_messages={"required": "Select how many outcomes were achieved"})
    what_helped = forms.CharField(label="What helped? (optional)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    approval_rationale = forms.CharField(label="Why is closing right although the risk is high?", required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    statutory_agency_told = forms.CharField(label="Which statutory agency was told?", required=False,
                                            max_length=200, help_text="For example, Blackpool children's social care")
    statutory_told_on = DateField(label="When were they told?", subject="the date they were told", required=False)


class ReopenForm(AllocateForm):
    reason = forms.CharField(label="Why is the case reopening?", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the case is reopening"})




class MissingEpisodeForm(forms.Form):
    started_on = DateField(label="When did they go missing?", subject="the date they went missing",
                           error_messages={"required": "Enter when they went missing"})
    started_time = forms.TimeField(label="Time (optional)", required=False, help_text="For example, 21:00",
                                   error_messages={"invalid": "Enter a time like 21:00"})
    ended_on = DateField(label="When did they come back? (leave empty if still missing)",
                         subject="the date they came back", required=False)
    ended_time = forms.TimeField(label="Time (optional)", required=False,
                                 error_messages={"invalid": "Enter a time like 21:00"})
    reported_to_police = forms.BooleanField(label="Reported to the police", required=False)
    police_reference = forms.CharField(label="Police reference (optional)", required=False, max_length=60)
    return_interview = forms.ChoiceField(label="Return interview", choices=ReturnInterview.choices,
                                         widget=forms.RadioSelect, initial=ReturnInterview.NOT_YET,
                                         error_messages={"required": "Select whether a return interview was offered"})
    return_interview_by = forms.CharField(label="Who offered or did it? (optional)", required=False, max_length=150)
    where_found = forms.CharField(label="Where they were found (restricted)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    associates = forms.CharField(label="Who they were with (restricted)", required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    places = forms.CharField(label="Places involved (restricted)", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def fields_for_action(self) -> dict:
        d = self.cleaned_data
        return {
            "started_at": _at(d["started_on"], d["started_time"]), "ended_at": _at(d["ended_on"], d["ended_time"]),
            "reported_to_police": d["reported_to_police"], "police_reference": d["police_reference"].strip(),
            "return_interview": d["return_interview"], "return_interview_by": d["return_interview_by"].strip(),
            "where_found": d["where_found"].strip(), "associates": d["associates"].strip(),
            "places": d["places"].strip(),
        }

    @staticmethod
    def initial_from(episode) -> dict:
        local = timezone.localtime
        return {
            "started_on": local(episode.started_at).date(), "started_time": local(episode.started_at).time(),
            "ended_on": local(episode.ended_at).date() if episode.ended_at else None,
            "ended_time": local(episode.ended_at).time() if episode.ended_at else None,
            "reported_to_police": episode.reported_to_police, "police_reference": episode.police_reference,
            "return_interview": episode.return_interview, "return_interview_by": episode.return_interview_by,
            "where_found": episode.where_found, "associates": episode.associates, "places": episode.places,
        }


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of meeting?", choices=MeetingKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of meeting"})
    held_on = DateField(label="Date of the meeting", subject="the date of the meeting")
    agencies_present = forms.CharField(label="Agencies there", widget=forms.Textarea(attrs={"rows": 2}),
                                       error_messages={"required": "Enter the agencies that were there"})
    decisions = forms.CharField(label="What was decided", widget=forms.Textarea(attrs={"rows": 4}),
                                error_messages={"required": "Enter what was decided"})
    actions = forms.CharField(label="Actions agreed (optional)", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class TransitionPlanForm(forms.Form):
    transition_plan = forms.CharField(
        label="Transition plan", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happens as they turn 18: adult services, leaving-care support, college, who they can call.",
        error_messages={"required": "Enter the transition plan"},
    )


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


class TransferForm(forms.Form):
    destination = forms.ChoiceField(label="Where is the work going?",
                                    error_messages={"required": "Select where the work is going"})
    handover_summary = forms.CharField(
        label="Handover summary", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the receiving team needs: the current risk, the plan, who is involved, what works with them.",
        error_messages={"required": "Enter the handover summary"},
    )

    def __init__(self, *args, destinations, **kwargs):
        """``destinations``: (service, spoke or None) pairs."""
        super().__init__(*args, **kwargs)
        self.destinations = {f"{service.uuid}:{spoke.uuid if spoke else ''}": (service, spoke)
                             for service, spoke in destinations}
        self.fields["destination"].choices = [("", "Select a service or spoke")] + [
            (key, f"{service.name}: {spoke.name if spoke else 'the hub'}")
            for key, (service, spoke) in self.destinations.items()
        ]

    @property
    def chosen(self):
        return self.destinations[self.cleaned_data["destination"]]


class DeclineTransferForm(forms.Form):
    reason = forms.CharField(label="Why are you declining?", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the transfer is declined"})
