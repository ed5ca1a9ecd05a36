from django import forms
from django.core.exceptions import ValidationError

from hubspoke.lib.forms import DateField
from hubspoke.network.actions import (
    DECISION_TARGET_LIMITS,
    FEEDBACK_EVERY_WEEKS_LIMITS,
    FEEDBACK_LINK_DAYS_LIMITS,
    FIRST_CONTACT_TARGET_LIMITS,
    POLICY_FIELDS,
    check_service_policy,
)
from hubspoke.network.models import CoWorkedCases, WaitingListPolicy


class EndMembershipForm(forms.Form):
    NOW, LATER = "now", "later"
    when = forms.ChoiceField(
        label="When should this role end?",
        choices=[(NOW, "Now: they lose access straight away"), (LATER, "On a last working day")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select when this role should end"},
    )
    ends_on = DateField(label="Last day in this role", required=False)
    reason = forms.CharField(
        label="Reason",
        help_text="For example: left the service, moved to another spoke, long-term leave.",
        max_length=500,
        error_messages={"required": "Enter the reason this role is ending"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == self.LATER and not cleaned.get("ends_on") and "ends_on" not in self.errors:
            self.add_error("ends_on", "Enter the last day in this role")
        return cleaned

    @property
    def last_day(self):
        """None means now."""
        return self.cleaned_data["ends_on"] if self.cleaned_data["when"] == self.LATER else None


class ServicePolicyForm(forms.Form):
    """A service's referral policy, as its managers set it. The bounds are the action's
    (``actions.check_service_policy``), checked here too so that errors sit beside the fields."""

    YES, NO = "yes", "no"
    waiting_list_policy = forms.ChoiceField(
        label="Does the service keep a waiting list?",
        choices=[
            (WaitingListPolicy.WAITING_LIST, "Keep a waiting list"),
            (WaitingListPolicy.NO_WAITING_LIST, "No waiting list"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the service keeps a waiting list"},
    )
    min_age = forms.IntegerField(
        label="Youngest age",
        error_messages={"required": "Enter the youngest age", "invalid": "The youngest age must be a whole number"},
    )
    max_age = forms.IntegerField(
        label="Oldest age",
        error_messages={"required": "Enter the oldest age", "invalid": "The oldest age must be a whole number"},
    )
    decision_target_working_days = forms.IntegerField(
        label="Decision target, in working days",
        help_text="A decision on a new referral is due within this many working days of it arriving. "
        f"From {DECISION_TARGET_LIMITS[0]} to {DECISION_TARGET_LIMITS[1]}.",
        error_messages={
            "required": "Enter the decision target",
            "invalid": "The decision target must be a whole number of working days",
        },
    )
    first_contact_target_working_days = forms.IntegerField(
        label="First contact target, in working days",
        help_text="First contact with the young person is due within this many working days of accepting the "
        f"referral. From {FIRST_CONTACT_TARGET_LIMITS[0]} to {FIRST_CONTACT_TARGET_LIMITS[1]}.",
        error_messages={
            "required": "Enter the first contact target",
            "invalid": "The first contact target must be a whole number of working days",
        },
    )
    workers_may_triage = forms.TypedChoiceField(
        label="Can workers make triage decisions?",
        help_text="Accepting or declining a referral, or asking the referrer for more information. "
        "Managers can always make these decisions.",
        choices=[(YES, "Yes, hub and spoke workers can too"), (NO, "No, only managers")],
        coerce=lambda value: value == ServicePolicyForm.YES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether workers can make triage decisions"},
    )

    co_worked_cases = forms.ChoiceField(
        label="How do co-worked cases count in a worker's load?",
        help_text="A case's weight is what its most urgent referral asks: routine 1, urgent 1.5, immediate risk 2. "
        "The lead worker always carries it all.",
        choices=CoWorkedCases.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how co-worked cases count in a worker's load"},
    )

    supports_to_25 = forms.TypedChoiceField(
        label="Does the service keep working with young people after they turn 18?",
        choices=[(YES, "Yes, up to 25"), (NO, "No: plan a move on before they turn 18")],
        coerce=lambda value: value == ServicePolicyForm.YES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the service works with young people after 18"},
    )

    stories_need_manager_check = forms.TypedChoiceField(
        label="Does a manager check a young person's story before it is given to them?",
        help_text="A story is what a worker writes for a young person about their support. A manager who did not "
        "write it checks it first.",
        choices=[(YES, "Yes, a manager checks each version"), (NO, "No, the worker gives it when it is finished")],
        coerce=lambda value: value == ServicePolicyForm.YES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a manager checks young people's stories"},
    )

    feedback_every_weeks = forms.IntegerField(
        label="Young people's feedback falls due every how many weeks?",
        help_text="Feedback on their support falls due when a case opens and then every this many weeks. "
        f"From {FEEDBACK_EVERY_WEEKS_LIMITS[0]} to {FEEDBACK_EVERY_WEEKS_LIMITS[1]}; 13 is every three months.",
        error_messages={
            "required": "Enter how often feedback falls due, in weeks",
            "invalid": "How often feedback falls due must be a whole number of weeks",
        },
    )
    feedback_link_days = forms.IntegerField(
        label="A feedback link works for how many days?",
        help_text="A link sent to a young person for their feedback works once, for this many days. "
        f"From {FEEDBACK_LINK_DAYS_LIMITS[0]} to {FEEDBACK_LINK_DAYS_LIMITS[1]}.",
        error_messages={
            "required": "Enter how many days a feedback link works",
            "invalid": "How long a feedback link works must be a whole number of days",
        },
    )

    def __init__(self, *args, service, **kwargs):
        initial = {name: getattr(service, name) for name in POLICY_FIELDS}
        initial["workers_may_triage"] = self.YES if service.workers_may_triage else self.NO
        initial["supports_to_25"] = self.YES if service.supports_to_25 else self.NO
        initial["stories_need_manager_check"] = self.YES if service.stories_need_manager_check else self.NO
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["waiting_list_policy"].choice_hints = {
            WaitingListPolicy.WAITING_LIST.value: "Accepted referrals wait for a worker to be free, "
            "the most urgent first.",
            WaitingListPolicy.NO_WAITING_LIST.value: "Accept a referral only when someone has capacity to take it. "
            "Otherwise decline it, and children's social care keeps responsibility for the child.",
        }

    def clean(self):
        cleaned = super().clean()
        try:
            check_service_policy({name: cleaned[name] for name in POLICY_FIELDS if name in cleaned})
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in POLICY_FIELDS}
