"""Reads for the cases app, one module per subject, each a fixed number of queries. Other apps and
tests use ``from hubspoke.cases import queries; queries.loads_of(...)``: every public name is here."""

from hubspoke.cases.queries.case import (
    CASE_ACCEPTED_AT,
    allocation_history,
    case_detail,
    case_referrals,
    cases_of_young_person,
    cases_visible_to,
    contacts_of,
    current_co_worker,
    current_lead,
    current_lead_allocations,
    current_risk,
    overdue_actions_count,
    plan_of,
    with_contact_summary,
    works_young_persons_case,
)
from hubspoke.cases.queries.caseloads import (
    caseload_of,
    my_caseload,
    team_caseload,
    team_member,
)
from hubspoke.cases.queries.levels import (
    judgement_against_computed,
    latest_assessment,
    level_distribution,
    open_cases_with_levels,
    reviews_overdue,
    with_latest_level,
)
from hubspoke.cases.queries.loads import (
    CASE_WEIGHT,
    CO_WORK_SHARE,
    REFERRAL_WEIGHT,
    Load,
    counted_weight,
    loads_of,
    with_loads,
)
from hubspoke.cases.queries.transfer import (
    transfer_destinations,
    transfers_for_manager,
    transfers_of,
)
from hubspoke.cases.queries.waiting import (
    URGENCY_RANK,
    waiting_for_worker,
    waiting_list,
)
from hubspoke.cases.queries.workers import (
    eligible_workers,
    has_capacity,
    worker_here,
    workers_for,
)

__all__ = [
    "CASE_ACCEPTED_AT",
    "CASE_WEIGHT",
    "CO_WORK_SHARE",
    "Load",
    "REFERRAL_WEIGHT",
    "URGENCY_RANK",
    "allocation_history",
    "case_detail",
    "case_referrals",
    "caseload_of",
    "cases_of_young_person",
    "cases_visible_to",
    "contacts_of",
    "counted_weight",
    "current_co_worker",
    "current_lead",
    "current_lead_allocations",
    "current_risk",
    "eligible_workers",
    "has_capacity",
    "judgement_against_computed",
    "latest_assessment",
    "level_distribution",
    "loads_of",
    "my_caseload",
    "open_cases_with_levels",
    "overdue_actions_count",
    "plan_of",
    "reviews_overdue",
    "team_caseload",
    "team_member",
    "transfer_destinations",
    "transfers_for_manager",
    "transfers_of",
    "waiting_for_worker",
    "waiting_list",
    "with_contact_summary",
    "with_latest_level",
    "with_loads",
    "worker_here",
    "workers_for",
    "works_young_persons_case",
]
