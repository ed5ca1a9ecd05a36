"""The feedback questions as a form (the same on the worker's device and by link), and the
worker's choice of how to send a link."""

from django import forms

from hubspoke.lib.forms import DateField
from hubspoke.participation.models import (
    ACTIVITY_TEXT_MAX,
    ANYTHING_ELSE_MAX,
    QUESTIONS,
    QUOTE_TEXT_MAX,
    SCALE,
    SURVEY_CHOICES_MAX,
    SURVEY_TEXT_MAX,
    ActivityKind,
    FeedbackChannel,
    OutputKind,
    QuestionKind,
    QuoteKind,
    SurveyKind,
    TakingPartConsent,
    UseScope,
)

# The picture beside each point of the scale: a face whose mouth (an SVG path in a 32-unit box)
# turns from down to up. The words say the same, so nothing rests on the picture alone.
MOUTHS = {1: "M10 24 Q16 17 22 24", 2: "M10 23 Q16 20 22 23", 3: "M10 21.5 L22 21.5", 4: "M10 20 Q16 23 22 20",
          5: "M9 19 Q16 27 23 19"}


class FeedbackForm(forms.Form):
    """Every question may be left out; the action checks that something was given."""

    scale = [(str(point), words, MOUTHS[point]) for point, words in SCALE]

    anything_else = forms.CharField(
        label="Anything else you want to tell us?", required=False, max_length=ANYTHING_ELSE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"What else you want to say must be {ANYTHING_ELSE_MAX} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=text, required=False, choices=[(str(point), words) for point, words in SCALE], coerce=int,
                empty_value=None, widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the pictures, or leave the question out"})
        # The questions first, then "anything else?".
        self.order_fields([name for name, _ in QUESTIONS] + ["anything_else"])

    @property
    def questions(self):
        return [self[name] for name, _ in QUESTIONS]

    def answers(self) -> dict:
        return {name: self.cleaned_data.get(name) for name, _ in QUESTIONS}


class SendLinkForm(forms.Form):
    channel = forms.ChoiceField(label="How should the link go to them?", widget=forms.RadioSelect,
                                error_messages={"required": "Select how to send the link",
                                                "invalid_choice": "Select how to send the link"})

    def __init__(self, *args, destinations: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(FeedbackChannel.choices)
        self.fields["channel"].choices = [(key, f"{labels[key]}, to {where}") for key, where in destinations.items()]


class HandBackForm(forms.Form):
    password = forms.CharField(label="Worker: your password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               error_messages={"required": "Enter your password to go back to the record"})


# --- Surveys ---------------------------------------------------------------------------------


class SurveyForm(forms.Form):
    """A survey's words, kind and dates. ``places`` are where the person may start one (a
    service they manage, a programme they lead); a programme survey is anonymous."""

    place = forms.ChoiceField(label="Whose survey is it?", widget=forms.RadioSelect,
                              error_messages={"required": "Select whose survey it is",
                                              "invalid_choice": "Select whose survey it is"})
    title = forms.CharField(label="Title", max_length=120, help_text="Young people see this at the top of the "
                            "survey. Keep it plain, and leave out the service's name: the page may be seen by "
                            "someone else.",
                            error_messages={"required": "Enter the survey's title, as young people will see it",
                                            "max_length": "The title must be 120 characters or fewer"})
    introduction = forms.CharField(
        label="What it is for, and who will read the answers", max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In plain words, for young people: why you are asking, who reads what they say, and what "
                  "you will do with it.",
        error_messages={"required": "Say what the survey is for and who will read the answers",
                        "max_length": "The introduction must be 1000 characters or fewer"})
    kind = forms.ChoiceField(label="Are the answers anonymous?", choices=SurveyKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select whether the answers are anonymous or named",
                                             "invalid_choice": "Select whether the answers are anonymous or named"})
    opens_on = DateField(label="Opens on", subject="the day the survey opens")
    closes_on = DateField(label="Closes on", subject="the day the survey closes")

    def __init__(self, *args, places: list[tuple[str, str, object]], editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {key: obj for key, _, obj in places}
        self.fields["place"].choices = [(key, label) for key, label, _ in places]
        if len(places) == 1 or editing:
            self.fields["place"].required = False
            self.fields["place"].widget = forms.HiddenInput()
            if places:
                self.initial.setdefault("place", places[0][0])

    def chosen_place(self):
        key = self.cleaned_data.get("place") or (next(iter(self.places)) if len(self.places) == 1 else None)
        return self.places.get(key)


class CloseOnForm(forms.Form):
    closes_on = DateField(label="Closes on", subject="the day the survey closes")


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of question", choices=QuestionKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of question",
                                             "invalid_choice": "Select the kind of question"})
    text = forms.CharField(label="The question", max_length=300,
                           error_messages={"required": "Enter the question, in plain words",
                                           "max_length": "The question must be 300 characters or fewer"})
    choices = forms.CharField(
        label="Answers to choose from (for a “choose one” question)", required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"One on each line, {SURVEY_CHOICES_MAX} at most. Young people can always leave a question out.")

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines() if line.strip()]


class SurveyAnswerForm(forms.Form):
    """A survey's questions as a form: each may be left out (the action checks that something
    was given). Field ``q<position>`` for each question."""

    scale = FeedbackForm.scale

    def __init__(self, *args, questions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_list = questions
        for q in questions:
            name = f"q{q.position}"
            if q.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.TypedChoiceField(
                    label=q.text, required=False, choices=[(str(i), c) for i, c in enumerate(q.choices)],
                    coerce=int, empty_value=None, widget=forms.RadioSelect,
                    error_messages={"invalid_choice": "Choose one of the answers, or leave the question out"})
            elif q.kind == QuestionKind.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    label=q.text, required=False, choices=[(str(p), w) for p, w in SCALE], coerce=int,
                    empty_value=None, widget=forms.RadioSelect,
                    error_messages={"invalid_choice": "Choose one of the pictures, or leave the question out"})
            else:
                self.fields[name] = forms.CharField(
                    label=q.text, required=False, max_length=SURVEY_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}),
                    error_messages={"max_length": f"Your answer must be {SURVEY_TEXT_MAX} characters or fewer"})

    @property
    def items(self):
        return [(q, self[f"q{q.position}"]) for q in self.question_list]

    def answers(self) -> dict[int, object]:
        return {q.position: self.cleaned_data.get(f"q{q.position}") for q in self.question_list}


# --- Activities, consent and quotes ----------------------------------------------------------


class ActivityForm(forms.Form):
    service = forms.ChoiceField(label="Whose activity is it?", widget=forms.RadioSelect,
                                error_messages={"required": "Select the service",
                                                "invalid_choice": "Select the service"})
    kind = forms.ChoiceField(label="What kind of participation was it?", choices=ActivityKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of activity",
                                             "invalid_choice": "Select the kind of activity"})
    title = forms.CharField(label="Title", max_length=120,
                            error_messages={"required": "Enter a title for the activity",
                                            "max_length": "The title must be 120 characters or fewer"})
    held_on = DateField(label="Held on", subject="the day it was held",
                        help_text="For a group that met several times, the first day.")
    summary = forms.CharField(
        label="What happened (optional)", required=False, max_length=ACTIVITY_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}), help_text="Leave out young people's names.",
        error_messages={"max_length": f"What happened must be {ACTIVITY_TEXT_MAX} characters or fewer"})
    accreditation = forms.CharField(
        label="Accreditation it offers (optional)", required=False, max_length=200,
        help_text="For example, an AQA Unit Award. This is shown in the quarterly report.",
        error_messages={"max_length": "The accreditation must be 200 characters or fewer"})

    def __init__(self, *args, services: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(s.uuid): s for s in services}
        self.fields["service"].choices = [(str(s.uuid), s.name) for s in services]
        if len(services) <= 1:
            self.fields["service"].required = False
            self.fields["service"].widget = forms.HiddenInput()

    def chosen_service(self):
        if len(self.services) == 1:
            return next(iter(self.services.values()))
        return self.services.get(self.cleaned_data.get("service") or "")

    def fields_for_action(self) -> dict:
        d = self.cleaned_data
        return {name: d.get(name) for name in ("kind", "title", "held_on", "summary", "accreditation")}


class ParticipantForm(forms.Form):
    case = forms.ChoiceField(label="Young person", error_messages={
        "required": "Select the young person", "invalid_choice": "Select one of the young people in the list"})
    consent = forms.ChoiceField(label="How did they agree to take part?", choices=TakingPartConsent.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Select how they agreed to take part: nobody is "
                                                            "recorded as taking part without it",
                                                "invalid_choice": "Select how they agreed to take part"})
    accredited = forms.BooleanField(label="They gained the activity's accreditation", required=False)
    paid = forms.CharField(label="Expenses or a grant paid to them, in pounds (optional)", required=False,
                           max_length=12, help_text="For example, 12.50")

    def __init__(self, *args, candidates: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "Choose a young person"), *[
            (str(c.uuid), str(c.young_person)) for c in candidates]]


class ParticipantChangeForm(forms.Form):
    """What a young person who took part gained and was paid, changed later (an award comes
    through weeks after the activity)."""

    consent = ParticipantForm.base_fields["consent"]
    accredited = ParticipantForm.base_fields["accredited"]
    paid = ParticipantForm.base_fields["paid"]


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label="What did they make?", choices=OutputKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of thing they made",
                                             "invalid_choice": "Select what kind of thing they made"})
    title = forms.CharField(label="What is it called?", max_length=200,
                            help_text="This is listed in the quarterly report: leave out young people's names.",
                            error_messages={"required": "Enter what it is called",
                                            "max_length": "The title must be 200 characters or fewer"})
    link = forms.CharField(label="A link to it (optional)", required=False, max_length=500,
                           help_text="For a film or anything published online.")
    file = forms.FileField(label="Or a file (optional)", required=False,
                           help_text="A PDF, a PNG or JPEG picture, or a Word, PowerPoint or Excel file, "
                                     "smaller than 20MB.")


class ConsentForm(forms.Form):
    covers = forms.MultipleChoiceField(
        label="What did they agree may be used?", widget=forms.CheckboxSelectMultiple,
        choices=(("words", "Their words (quotes, a case study)"), ("image", "Their image (photos, film)")),
        error_messages={"required": "Select what they agreed to: their words, their image or both"})
    scope = forms.ChoiceField(label="How far may it go?", choices=UseScope.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Select how far their words or image may go",
                                              "invalid_choice": "Select how far their words or image may go"})
    given_on = DateField(label="They agreed on", subject="the day they agreed")
    expires_on = DateField(label="It ends on (optional)", subject="the day it ends", required=False,
                           help_text="Leave this empty if it lasts until they withdraw it. They can withdraw it "
                                     "at any time.")
    activity = forms.ChoiceField(label="For an activity (optional)", required=False)

    def __init__(self, *args, activities: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = {str(a.uuid): a for a in activities}
        self.fields["activity"].choices = [("", "Not for one activity"), *[
            (key, f"{a.title}, {a.held_on:%-d %b %Y}") for key, a in self.activities.items()]]


class QuoteForm(forms.Form):
    kind = forms.ChoiceField(label="What is it?", choices=QuoteKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select whether it is a quote or a case study",
                                             "invalid_choice": "Select whether it is a quote or a case study"})
    text = forms.CharField(label="Their words", max_length=QUOTE_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="As they agreed it may be used. Leave out every name and place that could "
                                     "identify them or anyone else.",
                           error_messages={"required": "Enter what they said",
                                           "max_length": f"The words must be {QUOTE_TEXT_MAX} characters or fewer"})
    said_on = DateField(label="Said on", subject="the day they said it")
    consent = forms.ChoiceField(label="Their consent for their words", widget=forms.RadioSelect,
                                error_messages={"required": "Select the consent they gave for their words",
                                                "invalid_choice": "Select the consent they gave for their words"})

    def __init__(self, *args, consents: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.consents = {str(c.uuid): c for c in consents}
        self.fields["consent"].choices = [
            (key, f"Given {c.given_on:%-d %b %Y}: {c.get_scope_display()}") for key, c in self.consents.items()]
