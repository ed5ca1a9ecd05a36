"""The cases app's pages, one module per part of the work; each view is access → form → action
or query → render. ``cases/urls.py`` names every view from here."""

from hubspoke.cases.views.allocation import allocate, reallocate, waiting_list
from hubspoke.cases.views.case import case_detail
from hubspoke.cases.views.caseloads import levels, mine, team, worker_caseload
from hubspoke.cases.views.chronology import chronology_view, mark_event
from hubspoke.cases.views.closing import close_case, reopen_case
from hubspoke.cases.views.contacts import contacts, new_contact, restricted_note
from hubspoke.cases.views.coworkers import co_worker
from hubspoke.cases.views.episodes import missing, missing_episode
from hubspoke.cases.views.meetings import meetings
from hubspoke.cases.views.outcomes import outcomes_view
from hubspoke.cases.views.plan import (
    action_status,
    add_action,
    add_goal,
    plan,
    plan_review,
    transition_plan,
    update_goal,
)
from hubspoke.cases.views.transfer import accept_transfer, decline_transfer, transfer_case, transfer_detail, transfers

__all__ = [
    "accept_transfer", "action_status", "add_action", "add_goal", "allocate", "case_detail", "chronology_view",
    "close_case", "co_worker", "contacts", "decline_transfer", "levels", "mark_event", "meetings", "mine", "missing",
    "missing_episode", "new_contact", "outcomes_view", "plan", "plan_review", "reallocate", "reopen_case",
    "restricted_note", "team", "transfer_case", "transfer_detail", "transfers", "transition_plan", "update_goal",
    "waiting_list", "worker_caseload",
]
