"""One short form for each kind of work, quick to fill in on a phone after the event: today's
date already given, the place given when the person works in one, numbers as numeric boxes.
The actions check every rule again; the forms say the same beside each question."""

from __future__ import annotations

from django import forms

from hubspoke.engagement.models import (
    AGE_BANDS,
    AUDIENCES,
    GENDERS,
    TEXT_MAX,
    ChallengeAbout,
    ChallengeDirection,
    ChallengeOutcome,
    ChallengeStage,
    ConsultationMethod,
    ConsultationOutcome,
    MeetingKind,
    MeetingOutput,
    MeetingRole,
    PreventionFormat,
    PreventionSetting,
    PreventionTopic,
)
from hubspoke.engagement.queries import default_place
from hubspoke.lib.dates import today
from hubspoke.lib.forms import DateField
from hubspoke.network.models import AgencyType


def _text(label, *, limit=TEXT_MAX, rows=4, required=False, help_text="", what=None):
    what = what or label.lower()
    return forms.CharField(label=label, required=required, max_length=limit, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"Enter {what}",
                                           "max_length": f"{what[:1].upper()}{what[1:]} must be {limit} characters "
                                                         f"or fewer"})


def _line(label, *, limit, required=False, help_text="", what=None):
    what = what or label.lower()
    return forms.CharField(label=label, required=required, max_length=limit, help_text=help_text,
                           error_messages={"required": f"Enter {what}",
                                           "max_length": f"{label} must be {limit} characters or fewer"})


def _number(label, *, required=False, min_value=0, max_value=5000, what=None):
    what = what or label.lower()
    return forms.IntegerField(
        label=label, required=required, min_value=min_value, max_value=max_value,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": f"Enter {what}", "invalid": f"{label} must be a whole number, like 12",
                        "min_value": f"{label} must be {min_value} or more",
                        "max_value": f"{label} must be {max_value} or fewer"})


def _radios(label, choices, *, what):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": f"Select {what}", "invalid_choice": f"Select {what}"})


def _select(label, choices, *, what, required=True):
    return forms.ChoiceField(label=label, choices=[("", "Choose one")] + list(choices), required=required,
                             error_messages={"required": f"Select {what}", "invalid_choice": f"Select {what}"})


class WorkForm(forms.Form):
    """What every kind asks first: where the work was done from (only when the person works in
    more than one place) and the date."""

    date_label = "Date"
    date_subject = "the date"

    place = forms.ChoiceField(label="Done from", error_messages={
        "required": "Select where the work was done from", "invalid_choice": "Select where the work was done from"})

    def __init__(self, *args, places, instance=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("held_on", today())
        super().__init__(*args, **kwargs)
        self.fields = {"held_on": DateField(label=self.date_label, subject=self.date_subject), **self.fields}
        if instance is not None or len(places) <= 1:
            del self.fields["place"]
        else:
            self.fields["place"].choices = [("", "Choose one")] + [(p.key, p.label) for p in places]
            default = default_place(list(places))
            if default is not None:
                self.fields["place"].initial = default.key

    def place_key(self) -> str | None:
        return self.cleaned_data.get("place") or None


class ConsultationForm(WorkForm):
    date_label, date_subject = "Date of the consultation", "the date of the consultation"

    agency_type = _select("Their agency", AgencyType.choices, what="the kind of agency they work for")
    professional_role = _line("Their role", limit=100, help_text="For example, designated safeguarding lead")
    method = _radios("How did they ask?", ConsultationMethod.choices, what="how they asked")
    concern = _line("The concern, in a few words", limit=300, required=True, what="the concern, in a few words",
                    help_text="You do not need the child's name. Do not write it here.")
    advice = _text("The advice given", what="the advice given")
    outcome = _radios("What followed?", ConsultationOutcome.choices, what="what followed")
    signposted_to = _line("Signposted to", limit=200, what="where they were signposted to")
    referral = forms.ChoiceField(label="The referral made", required=False, error_messages={
        "invalid_choice": "Select the referral from the list"})

    def __init__(self, *args, referrals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.referral_by_ref = {str(r.uuid): r for r in referrals}
        self.fields["referral"].choices = [("", "Choose the referral")] + [
            (str(r.uuid), f"{r.reference}, received {r.received_at:%-d %b %Y}") for r in referrals]
        self.fields["outcome"].reveals = {ConsultationOutcome.REFERRAL_MADE: ("referral",),
                                          ConsultationOutcome.SIGNPOSTED: ("signposted_to",)}

    def chosen_referral(self):
        return self.referral_by_ref.get(self.cleaned_data.get("referral") or "")


class TrainingForm(WorkForm):
    date_label, date_subject = "Date of the session", "the date of the session"

    topic = _line("Topic", limit=200, required=True, what="the topic")
    minutes = _number("Length in minutes", required=True, min_value=1, max_value=1440,
                      what="how long it was, in minutes")
    attended = _number("How many attended in all", required=True, min_value=1, what="how many attended in all")
    co_trainers = _line("Others who delivered it", limit=200, help_text="Optional")
    materials = _line("Materials used", limit=300, help_text="Optional: the presentation or pack you used")
    materials_url = forms.URLField(label="Link to the materials", required=False, max_length=500, assume_scheme="https",
                                   help_text="Optional", error_messages={
                                       "invalid": "Enter the link in the right format, like https://example.org/pack"})
    feedback_until = DateField(label="Feedback link open until", subject="the date the feedback link is open until",
                               required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in AUDIENCES:
            self.fields[name] = _number(label)

    def audience_fields(self):
        return [self[name] for name, _ in AUDIENCES]

    def audience(self) -> dict:
        return {name: self.cleaned_data.get(name) for name, _ in AUDIENCES}


class FeedbackForm(forms.Form):
    SCALE = [(n, label) for n, label in ((1, "1: not at all confident"), (2, "2"), (3, "3"), (4, "4"),
                                          (5, "5: very confident"))]
    confidence_before = forms.TypedChoiceField(
        label="Before the session, how confident were you about spotting and responding to exploitation?",
        choices=SCALE, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Select how confident you felt before the session",
                        "invalid_choice": "Select how confident you felt before the session"})
    confidence_after = forms.TypedChoiceField(
        label="And now, after it?", choices=SCALE, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Select how confident you felt after the session",
                        "invalid_choice": "Select how confident you felt after the session"})
    will_do = _text("What will you do differently?", limit=1000, rows=4, what="what you will do differently",
                    help_text="Optional. Please do not name any child or family.")


class PreventionForm(WorkForm):
    date_label, date_subject = "Date of the session", "the date of the session"

    setting = _select("Kind of setting", PreventionSetting.choices, what="the kind of setting")
    setting_name = _line("Where", limit=150, required=True, what="where it was",
                         help_text="The school, college or venue, and the group: for example, Year 9 at Wrenfield "
                                   "Academy")
    format = _radios("What kind of session?", PreventionFormat.choices, what="what kind of session it was")
    topics = forms.MultipleChoiceField(label="Topics", choices=PreventionTopic.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "Select at least one topic",
                                                       "invalid_choice": "Select topics from the list"})
    minutes = _number("Length in minutes", required=True, min_value=1, max_value=1440,
                      what="how long it was, in minutes")
    reached = _number("How many young people took part", required=True, min_value=1,
                      what="how many young people took part")
    follow_up_referrals = _number("Referrals made afterwards")
    notes = _text("Notes", what="the notes", help_text="Optional. Numbers only: never name a young person here.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (*AGE_BANDS, *GENDERS):
            self.fields[name] = _number(label)

    def age_fields(self):
        return [self[name] for name, _ in AGE_BANDS]

    def gender_fields(self):
        return [self[name] for name, _ in GENDERS]

    def ages(self) -> dict:
        return {name: self.cleaned_data.get(name) for name, _ in AGE_BANDS}

    def genders(self) -> dict:
        return {name: self.cleaned_data.get(name) for name, _ in GENDERS}


class MeetingForm(WorkForm):
    date_label, date_subject = "Date of the meeting", "the date of the meeting"

    kind = _select("Kind of meeting", MeetingKind.choices, what="what kind of meeting it was")
    title = _line("Meeting", limit=200, required=True, what="the meeting's name",
                  help_text="For example, Preston exploitation panel")
    role = _radios("The service's role", MeetingRole.choices, what="the service's role in it")
    contribution = _text("The service's contribution", what="the service's contribution")
    outputs = forms.MultipleChoiceField(label="Outputs the service helped produce", required=False,
                                        choices=MeetingOutput.choices, widget=forms.CheckboxSelectMultiple,
                                        error_messages={"invalid_choice": "Select outputs from the list"})
    output_note = _line("About the outputs", limit=300, what="about the outputs", help_text="Optional")


class ChallengeForm(WorkForm):
    date_label, date_subject = "Date it was raised", "the date it was raised"

    direction = _radios("Who challenged whom?", ChallengeDirection.choices, what="who challenged whom")
    about = _select("What was it about?", ChallengeAbout.choices, what="what it was about")
    agency_type = _select("The other agency", AgencyType.choices, what="the kind of agency")
    issue = _text("What the challenge is about", required=True, what="what the challenge is about",
                  help_text="The decision or practice, and why it does not serve the child's best interest")
    stage = forms.TypedChoiceField(label="Stage it was raised at", choices=ChallengeStage.choices, coerce=int,
                                   widget=forms.RadioSelect, initial=ChallengeStage.PRACTITIONER,
                                   error_messages={"required": "Select the stage it was raised at",
                                                   "invalid_choice": "Select the stage it was raised at"})
    raised_with = _line("Raised with", limit=200, required=True, what="who it was raised with",
                        help_text="Their role and team, for example, team manager, MASH")
    case = forms.ChoiceField(label="The young person's case it is about", required=False,
                             help_text="Optional. It is then part of their record, seen only by those who may see "
                                       "the case.", error_messages={"invalid_choice": "Select a case from the list"})

    def __init__(self, *args, cases=(), instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.case_by_ref = {str(c.uuid): c for c in cases}
        self.fields["case"].choices = [("", "Not about one young person's case")] + [
            (str(c.uuid), str(c.young_person)) for c in cases]
        if instance is not None:
            del self.fields["stage"]
            del self.fields["raised_with"]

    def chosen_case(self):
        return self.case_by_ref.get(self.cleaned_data.get("case") or "")


class EscalateForm(forms.Form):
    stage = forms.TypedChoiceField(label="Stage it is raised at now", choices=ChallengeStage.choices, coerce=int,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Select the stage it is raised at now",
                                                   "invalid_choice": "Select the stage it is raised at now"})
    raised_on = DateField(label="Date raised at this stage", subject="the date it was raised at this stage")
    raised_with = _line("Raised with", limit=200, required=True, what="who it was raised with",
                        help_text="Their role and team")

    def __init__(self, *args, current: int, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("raised_on", today())
        super().__init__(*args, **kwargs)
        later = [(v, label) for v, label in ChallengeStage.choices if v > current]
        self.fields["stage"].choices = later or ChallengeStage.choices
        self.fields["stage"].error_messages["invalid_choice"] = (
            f"An escalation only moves up: it is at \u201c{ChallengeStage(current).label}\u201d now, so choose a "
            f"later stage")
        if later:
            self.fields["stage"].initial = later[0][0]


class ResponseForm(forms.Form):
    response = _text("Their response", required=True, what="their response")
    response_on = DateField(label="Date of their response", subject="the date of their response")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("response_on", today())
        super().__init__(*args, **kwargs)


class EndForm(forms.Form):
    outcome = _radios("How did it end?", [c for c in ChallengeOutcome.choices if c[0] != ChallengeOutcome.OPEN],
                      what="how it ended")
    ended_on = DateField(label="Date it ended", subject="the date it ended")
    note = _text("Note", what="the note on how it ended", help_text="Optional: what was agreed or changed")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("ended_on", today())
        super().__init__(*args, **kwargs)


class FilterForm(forms.Form):
    """The lists' filters, from the address (a GET form)."""

    place = forms.ChoiceField(label="Where", required=False)
    whose = forms.ChoiceField(label="Whose", required=False, choices=[("", "Everyone's I can see"), ("mine", "Mine")])
    start = DateField(label="From", subject="the first date", required=False)
    end = DateField(label="To", subject="the last date", required=False)
    outcome = forms.ChoiceField(label="Open or ended", required=False,
                                choices=[("", "Open and ended"), ("open", "Open"), ("closed", "Ended")])

    def __init__(self, *args, places, kind_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        if len(places) > 1:
            self.fields["place"].choices = [("", "Everywhere I can see")] + [(p.key, p.label) for p in places]
        else:
            del self.fields["place"]
        if kind_name != "challenges":
            del self.fields["outcome"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The last date must be the same as or after the first date")
        return cleaned
