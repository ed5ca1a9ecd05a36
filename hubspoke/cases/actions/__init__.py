"""Writes on cases, one module per part of the work. Each action runs in one transaction and
writes its audit rows in it; the caller has checked access (cases.access). Other apps and tests
use ``from hubspoke.cases import actions; actions.record_contact(...)``: every public name is
here."""

from hubspoke.cases.actions.allocation import allocate_referral, reallocate_case
from hubspoke.cases.actions.chronology import mark_significant
from hubspoke.cases.actions.closing import CLOSED_AT_RISK, close_case, reopen_case
from hubspoke.cases.actions.contacts import (
    CONTACT_FIELDS,
    IN_PERSON,
    check_contact,
    contact_choice_errors,
    earliest_contact_day,
    record_contact,
)
from hubspoke.cases.actions.coworkers import set_co_worker
from hubspoke.cases.actions.episodes import EPISODE_FIELDS, record_missing_episode, update_missing_episode
from hubspoke.cases.actions.meetings import record_meeting
from hubspoke.cases.actions.outcomes import rate_outcomes
from hubspoke.cases.actions.plan import (
    add_action,
    add_goal,
    set_action_status,
    set_plan_review,
    set_transition_plan,
    update_goal,
)
from hubspoke.cases.actions.transfer import accept_transfer, decline_transfer, request_transfer

__all__ = [
    "CLOSED_AT_RISK",
    "CONTACT_FIELDS",
    "EPISODE_FIELDS",
    "IN_PERSON",
    "accept_transfer",
    "add_action",
    "add_goal",
    "allocate_referral",
    "check_contact",
    "close_case",
    "contact_choice_errors",
    "decline_transfer",
    "earliest_contact_day",
    "mark_significant",
    "rate_outcomes",
    "reallocate_case",
    "record_contact",
    "record_meeting",
    "record_missing_episode",
    "reopen_case",
    "request_transfer",
    "set_action_status",
    "set_co_worker",
    "set_plan_review",
    "set_transition_plan",
    "update_goal",
    "update_missing_episode",
]
