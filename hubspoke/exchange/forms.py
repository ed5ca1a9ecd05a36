"""The forum's forms. The actions check every rule again; the forms say the same beside each
question. A post's form carries the guard's confirmation box, shown only once the guard has
warned (``views/posting.py``)."""

from __future__ import annotations

from django import forms

from hubspoke.exchange.models import BODY_MAX, FORUM_ROLES, TITLE_MAX, ReportOutcome, ReportReason
from hubspoke.network.models import Role

BODY_HINT = ("You can use Markdown: **bold**, *italic*, [a link](https://example.org), lists with - and quotes "
             "with >. Mention someone with @ and their name, for example @sam-example.")
CONFIRM_LABEL = "I have checked: this does not name or identify a young person or anyone's personal details"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented way): a list, perhaps empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _body(label="Your post"):
    return forms.CharField(label=label, max_length=BODY_MAX, help_text=BODY_HINT,
                           widget=forms.Textarea(attrs={"rows": 8}), strip=False,
                           error_messages={"required": "Enter your post",
                                           "max_length": f"Your post must be {BODY_MAX:,} characters or fewer"})


def _attachments():
    return MultipleFileField(label="Attach files (optional)", required=False,
                             help_text="Up to 3: PDF, PNG or JPEG pictures, or Word, PowerPoint or Excel files, "
                                       "each smaller than 10MB")


class _Guarded(forms.Form):
    confirmed = forms.BooleanField(label=CONFIRM_LABEL, required=False)


class ThreadForm(_Guarded):
    title = forms.CharField(label="Title", max_length=TITLE_MAX,
                            error_messages={"required": "Enter a title for the thread",
                                            "max_length": f"The title must be {TITLE_MAX} characters or fewer"})
    body = _body()
    attachments = _attachments()


class ReplyForm(_Guarded):
    body = _body("Your reply")
    attachments = _attachments()
    quoting = forms.UUIDField(required=False, widget=forms.HiddenInput)


class EditForm(_Guarded):
    title = forms.CharField(label="Title", max_length=TITLE_MAX, required=False)
    body = _body()

    def __init__(self, *args, first: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not first:
            del self.fields["title"]
        else:
            self.fields["title"].required = True
            self.fields["title"].error_messages["required"] = "Enter a title for the thread"


class ReportForm(_Guarded):
    reason = forms.ChoiceField(label="What is wrong with this post?", choices=ReportReason.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select what is wrong with the post"})
    note = forms.CharField(label="Anything the exchange lead should know (optional)", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"max_length": "Your note must be 500 characters or fewer"})


class HideForm(forms.Form):
    reason = forms.CharField(label="Why is it hidden?", max_length=200,
                             help_text="Its writer sees this where the post was",
                             error_messages={"required": "Enter why the post is hidden: its writer is told",
                                             "max_length": "The reason must be 200 characters or fewer"})


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label="What did you do?", choices=ReportOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select what was done about the post"})


class ModerateForm(forms.Form):
    do = forms.ChoiceField(choices=[(d, d) for d in ("pin", "unpin", "lock", "unlock", "hide", "show", "move")],
                           error_messages={"required": "Select what to do with the thread",
                                           "invalid_choice": "Select what to do with the thread"})
    category = forms.UUIDField(required=False)


ROLE_CHOICES = [(role, Role(role).label) for role in FORUM_ROLES]


class CategoryForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80,
                           error_messages={"required": "Enter the category's name",
                                           "max_length": "The name must be 80 characters or fewer"})
    description = forms.CharField(label="What it is for (optional)", max_length=300, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  error_messages={"max_length": "The description must be 300 characters or fewer"})
    read_roles = forms.MultipleChoiceField(label="Who reads it", choices=ROLE_CHOICES, required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text="The knowledge-exchange lead always can; partners never can")
    post_roles = forms.MultipleChoiceField(label="Who posts in it", choices=ROLE_CHOICES, required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text="Only people who read it")
    phase = forms.ChoiceField(label="Services in one phase only (optional)", required=False,
                              help_text="Hub and spoke staff of services in this phase only; programme roles "
                                        "are not narrowed")
    position = forms.IntegerField(label="Order on the forum's page", min_value=0, max_value=999, initial=0,
                                  error_messages={"required": "Enter where it comes in the list, as a number",
                                                  "invalid": "Enter where it comes in the list, as a number",
                                                  "min_value": "Enter a number from 0 to 999",
                                                  "max_value": "Enter a number from 0 to 999"})
    is_archived = forms.BooleanField(label="Archived: people read it but nobody posts in it", required=False)

    def __init__(self, *args, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.phases = {str(p.uuid) if hasattr(p, "uuid") else str(p.pk): p for p in phases}
        self.fields["phase"].choices = [("", "Every phase")] + [(k, f"Phase {p.number}") for k, p in
                                                                self.phases.items()]

    def clean_phase(self):
        value = self.cleaned_data.get("phase")
        return self.phases.get(value) if value else None


class PreferenceForm(forms.Form):
    daily_digest = forms.BooleanField(
        label="Email me once a day about new posts in the threads and categories I watch", required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the forum", max_length=100, required=False)
