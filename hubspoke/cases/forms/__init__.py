"""The cases app's forms, one module per part of the work (as its actions and views are)."""

from hubspoke.cases.forms.allocation import AllocateForm, ReallocateForm
from hubspoke.cases.forms.chronology import ChronologyFilterForm
from hubspoke.cases.forms.closing import CloseCaseForm, ReopenForm
from hubspoke.cases.forms.contacts import ContactForm
from hubspoke.cases.forms.episodes import MissingEpisodeForm
from hubspoke.cases.forms.meetings import MeetingForm
from hubspoke.cases.forms.outcomes import OutcomeRatingForm
from hubspoke.cases.forms.plan import ActionForm, GoalForm, GoalUpdateForm, PlanReviewForm, TransitionPlanForm
from hubspoke.cases.forms.transfer import DeclineTransferForm, TransferForm

__all__ = [
    "ActionForm", "AllocateForm", "ChronologyFilterForm", "CloseCaseForm", "ContactForm", "DeclineTransferForm",
    "GoalForm", "GoalUpdateForm", "MeetingForm", "MissingEpisodeForm", "OutcomeRatingForm", "PlanReviewForm",
    "ReallocateForm", "ReopenForm", "TransferForm", "TransitionPlanForm",
]
