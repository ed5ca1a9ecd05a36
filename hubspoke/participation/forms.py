"""The feedback questions as a form (the same on the worker's device and by link), and the
worker's choice of how to send a link."""

from django import forms

from hubspoke.participation.models import ANYTHING_ELSE_MAX, QUESTIONS, SCALE, FeedbackChannel

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
