"""The quarterly data monitoring return: exact figures computed from the record, per service and
per part of a service (its hub and each spoke). ``docs/monitoring-return.md`` is the data
dictionary; its per-indicator part is ``dictionary_markdown()``, kept in step by a test.

Figures are exact counts and additive sums, so that a service's total is the sum of its parts
and a programme's figure is the sum of its services'. Disclosure control (small counts hidden,
rounding) is applied afterwards, by the code that lets figures leave a service; nothing here
rounds or hides anything.

Every figure is computed in a fixed number of queries however many services, cases or contacts
there are: counts are grouped by service and spoke in SQL, and only the cohort of cases closed
in the period is read case by case (for risk movement and outcome change).

A *part* is where a record is held now: ``"hub"`` when its spoke is empty, else the spoke's UUID.
Referrals count at the referral's spoke; cases and what is recorded on them (contacts, missing
episodes, meetings, plan goals, outcome ratings) at the case's spoke; assessments at their own;
posts at theirs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from hubspoke.assessments.models import Assessment, AssessmentStatus, AssessmentTool, Purpose
from hubspoke.cases.models import (
    Case,
    CaseClosure,
    CaseReferral,
    ClosureReason,
    Contact,
    ContactLocation,
    ContactMethod,
    GoalStatus,
    Meeting,
    MeetingKind,
    MissingEpisode,
    OutcomeRating,
    PlanElement,
    PlanGoal,
    Rater,
    ReturnInterview,
)
from hubspoke.cases.outcomes import AREAS
from hubspoke.lib.workingdays import add_working_days, working_days_between
from hubspoke.network.models import AgencyType, HubSpokeModel, LocalAuthority, Post, Spoke
from hubspoke.referrals.actions import age_on
from hubspoke.referrals.models import (
    CareStatus,
    ConcernTag,
    DecisionKind,
    DeclineReason,
    Gender,
    Pathway,
    Referral,
    ReferralDecision,
    Urgency,
    YesNoUnknown,
)

Figures = dict[str, dict[str, Any]]
Rows = tuple[tuple[str, str], ...]

HUB = "hub"


@dataclass(frozen=True)
class TableDef:
    """A table of exact counts. ``rows`` and ``columns`` are the static keys, always present
    (with zeros). A table whose ``row_dimension`` (or ``column_dimension``) is set also has
    rows (columns) whose keys come from the data: ``"local_authority"`` (ONS codes),
    ``"risk_level"`` (assessment tool level ids) or ``"model"`` (``"model_<number>"``);
    ``dynamic_labels()`` names them and ``row_label()`` labels any key.

    ``totals`` says which totals mean something: ``"both"`` (every counted thing is in exactly
    one cell, so row, column and grand totals are counts too), ``"columns"`` (a one-column list:
    its total is the number counted) or ``"none"`` (a thing can count in several rows, or the
    rows are different measures)."""

    id: str
    section: str
    title: str
    description: str
    row_title: str
    rows: Rows
    columns: Rows
    totals: str
    controlled: bool = True  # False only for tables not about young people (staff posts)
    row_dimension: str = ""
    column_dimension: str = ""
    column_title: str = ""


@dataclass(frozen=True)
class MeasureDef:
    """An additive measure: each row carries the sum of its values and how many values were
    summed (``n``), so that ``mean = sum / n`` and measures add across parts and services."""

    id: str
    section: str
    title: str
    description: str
    unit: str
    rows: Rows = (("all", "All"),)
    controlled: bool = True
    row_dimension: str = ""


# --- Definitions --------------------------------------------------------------------------

SECTIONS = (
    ("referrals", "Referrals received"),
    ("triage", "Triage"),
    ("waiting", "Waiting for a worker"),
    ("cases", "Cases"),
    ("risk", "Risk"),
    ("models", "Models of exploitation and online elements"),
    ("missing", "Missing episodes"),
    ("contacts", "Contacts"),
    ("meetings", "Meetings and plans"),
    ("outcomes", "Outcomes at closure"),
    ("what_works", "What works for whom"),
    ("staff", "Staff in post"),
)

# The period rule and the part rule of each section's indicators, for the data dictionary and
# for any page that shows the return.
SECTION_RULES = {
    "referrals": "Referrals whose received date (the date and time recorded as received, in UK local time) is "
                 "on or between the first and last day of the period. Part: where the referral is held now, the "
                 "spoke chosen when it was accepted, otherwise the hub. Details of the young person that only the "
                 "young person's record holds (ethnicity, disability, care status) are read from the record the "
                 "referral is linked to, as it stands when the return is made; a referral not linked to a record "
                 "yet counts as not linked (or, for disability, not known).",
    "triage": "Triage decisions recorded in the period (by their date and time). Part: the referral's.",
    "waiting": "Part: the referral's. Waiting is counted in calendar days, from the day the referral was "
               "accepted.",
    "cases": "Part: where the case is held now. A case moved from one spoke to another counts at the spoke "
             "it is at now for the whole period; a case transferred to another service closes at the sending "
             "service and opens as a new case at the receiving one.",
    "risk": "Risk levels are the level that stands on a completed assessment (the professional judgement "
            "where given, otherwise the computed level), by the assessment's date. Levels are keyed by the "
            "tool's level id (for example `high`) and labelled from the tool. A young person's level comes "
            "from the assessments made about their record, as on the managers' levels page; a screening made "
            "of a referral before it was linked to the record counts only among assessments completed. "
            "Part: the case's for cases; "
            "for assessments completed in the period, the assessment's own (where it was held when "
            "started).",
    "models": "The models of child sexual exploitation recorded on assessments completed in the period, "
              "counted once per young person (or, for a screening of a referral not yet linked to a record, "
              "once per referral) across all their assessments in the period. Part: that of their latest "
              "assessment in the period.",
    "missing": "Missing episodes that started in the period. Part: the case's.",
    "contacts": "Contacts and attempts whose date and time fall in the period. Part: the case's.",
    "meetings": "Meetings held in the period; plan goals whose status was last changed (to achieved or "
                "stopped) in the period and still stands. Part: the case's.",
    "outcomes": "Cases closed in the period and still closed at its end (the closed cohort). Ratings dated on "
                "or before the last day of the period are used; the change is the latest rating's score minus "
                "the first's, by the same rater, within the case. The young person's and the worker's ratings "
                "are never combined. Part: the case's.",
    "what_works": "The closed cohort (see Outcomes at closure), broken down by where and how the work was done "
                  "and by who the young person is. Risk direction compares the first and the latest completed "
                  "assessment of the young person from the case's first referral to its closing; "
                  "\"not comparable\" covers cases with fewer than two assessments or whose two tools have "
                  "different levels. Outcome direction is the mean, over the outcome areas, of the young "
                  "person's own change in score. Part: the case's.",
    "staff": "The service's posts as recorded now: the record keeps no dates for posts, so a return made "
             "after the period shows posts as they are when it is made; the snapshot survey confirms them. "
             "Part: the post's spoke, or the hub. Not about young people: not subject to disclosure control.",
}

COUNT: Rows = (("count", "Count"),)
YES_NO_NOT_KNOWN: Rows = tuple(YesNoUnknown.choices)
AGE_BANDS: Rows = (
    ("under_10", "Under 10"), ("10_11", "10 to 11"), ("12_13", "12 to 13"), ("14_15", "14 to 15"),
    ("16_17", "16 to 17"), ("18_25", "18 to 25"), ("26_plus", "26 or over"), ("not_known", "Not known"),
)
ETHNIC_GROUPS: Rows = (
    ("asian", "Asian or Asian British"), ("black", "Black, Black British, Caribbean or African"),
    ("mixed", "Mixed or multiple ethnic groups"), ("white", "White"), ("other", "Other ethnic group"),
    ("not_known", "Not known"), ("prefer_not", "Prefers not to say"),
    ("not_linked", "Not yet linked to a young person's record"),
)
DECISION_DAYS: Rows = (
    ("0", "Same working day"), ("1", "1 working day"), ("2", "2 working days"), ("3", "3 working days"),
    ("4_5", "4 to 5 working days"), ("6_10", "6 to 10 working days"), ("11_plus", "11 or more working days"),
)
WAIT_DAYS: Rows = (
    ("0", "Same day"), ("1_7", "1 to 7 days"), ("8_14", "8 to 14 days"), ("15_28", "15 to 28 days"),
    ("29_56", "29 to 56 days"), ("57_91", "57 to 91 days"), ("92_plus", "92 days or more"),
)
DIRECTIONS: Rows = (("improved", "Improved"), ("same", "Same"), ("worse", "Worse"))
NOT_COMPARABLE = ("not_comparable", "Not comparable")
# The levels of Hubspoke's own tools (assessments/tools/*.yaml; a test keeps them in step), shown
# even when empty so that every return has the same shape. Another tool's levels are added as
# rows (and columns) from the data.
RISK_LEVELS: Rows = (("low", "Low"), ("medium", "Medium"), ("high", "High"))
NOT_ASSESSED = ("not_assessed", "Not assessed")
TRIAGE_KINDS = (DecisionKind.ACCEPTED, DecisionKind.DECLINED, DecisionKind.INFORMATION_REQUESTED,
                DecisionKind.CLOSED)
# The decisions that end triage: a referral has at most one, and time to decision runs to it.
FINAL_KINDS = (DecisionKind.ACCEPTED, DecisionKind.DECLINED, DecisionKind.CLOSED)
RATERS = ((Rater.YOUNG_PERSON, "young_person"), (Rater.WORKER, "worker"))
AREA_ROWS: Rows = tuple((a.id, a.label) for a in AREAS)


def _table(id, section, title, description, row_title, rows, columns=COUNT, totals="columns", **kw) -> TableDef:
    return TableDef(id=id, section=section, title=title, description=description, row_title=row_title,
                    rows=tuple(rows), columns=tuple(columns), totals=totals, **kw)


# "What works for whom": each breakdown of the closed cohort (key, row title, static rows,
# dynamic dimension).
WHAT_WORKS_BREAKDOWNS = (
    ("model", "Hub and Spoke model", "by Hub and Spoke model", ((HUB, "Hub (not at a spoke)"),), "model"),
    ("host", "Host agency type", "by host agency type",
     (*AgencyType.choices, (HUB, "Hub (not at a spoke)"), ("no_fixed_base", "Spoke with no fixed base")), ""),
    ("pathway", "Pathway of the case's first referral", "by pathway",
     (*Pathway.choices, ("none", "No referral (transferred in)")), ""),
    ("age", "Age when the case opened", "by age", AGE_BANDS, ""),
    ("gender", "Gender", "by gender", Gender.choices, ""),
    ("ld_autism", "Learning disability or autism", "by learning disability or autism", YES_NO_NOT_KNOWN, ""),
)

TABLES: tuple[TableDef, ...] = (
    # 1. Referrals received
    _table("referrals_by_pathway", "referrals", "Referrals by pathway",
           "Referrals received in the period, by the route they came through. The total is the number of "
           "referrals received.", "Pathway", Pathway.choices),
    _table("referrals_by_age", "referrals", "Referrals by age",
           "Referrals received in the period, by the young person's age on the day the referral was received, from "
           "the date of birth the referrer gave or, without one, their estimated age.", "Age", AGE_BANDS),
    _table("referrals_by_gender", "referrals", "Referrals by gender",
           "Referrals received in the period, by the young person's gender as the referrer gave it.", "Gender",
           Gender.choices),
    _table("referrals_by_ethnicity", "referrals", "Referrals by ethnic group",
           "Referrals received in the period, by the ethnic group (the five groups of the 2021 Census) on the "
           "young person's record the referral is linked to.", "Ethnic group", ETHNIC_GROUPS),
    _table("referrals_disability", "referrals", "Referrals: disability",
           "Referrals received in the period, by whether the young person's record says they are disabled. A "
           "referral not linked to a record counts as not known.", "Disability", YES_NO_NOT_KNOWN),
    _table("referrals_learning_disability", "referrals", "Referrals: learning disability",
           "Referrals received in the period, by whether the young person's record says they have a learning "
           "disability. A referral not linked to a record counts as not known.", "Learning disability",
           YES_NO_NOT_KNOWN),
    _table("referrals_autism", "referrals", "Referrals: autism",
           "Referrals received in the period, by whether the young person's record says they are autistic. A "
           "referral not linked to a record counts as not known.", "Autism", YES_NO_NOT_KNOWN),
    _table("referrals_by_care_status", "referrals", "Referrals by care status",
           "Referrals received in the period, by the care status on the young person's record the referral is "
           "linked to.", "Care status",
           (*CareStatus.choices, ("not_linked", "Not yet linked to a young person's record"))),
    _table("referrals_by_local_authority", "referrals", "Referrals by local authority of residence",
           "Referrals received in the period, by the local authority the referrer said the young person lives in "
           "(its ONS code).", "Local authority", (("not_known", "Not known"),), row_dimension="local_authority"),
    _table("referrals_by_urgency", "referrals", "Referrals by urgency",
           "Referrals received in the period, by the urgency the referrer gave.", "Urgency", Urgency.choices),
    _table("referrals_repeat", "referrals", "Repeat referrals",
           "Referrals received in the period that were about a young person already referred to the service "
           "before (an earlier referral linked to the same record), and those that were not.", "Referral",
           (("repeat", "Referred before"), ("first", "Not referred before"),
            ("not_linked", "Not yet linked to a young person's record"))),
    _table("referrals_by_concern", "referrals", "Referrals by concern",
           "Referrals received in the period, by each concern the referrer ticked. A referral can have several "
           "concerns, so the rows do not add up to the number of referrals.", "Concern",
           (*ConcernTag.choices, ("none_recorded", "No concern ticked")), totals="none"),
    # 2. Triage
    _table("decisions_by_kind", "triage", "Triage decisions",
           "Decisions made in the period: accepted, declined, more information asked for, or closed without a "
           "decision. A referral can have several (information asked for, then a decision).", "Decision",
           [(k.value, k.label) for k in TRIAGE_KINDS]),
    _table("triage_decline_reasons", "triage", "Reasons for declining",
           "Referrals declined in the period, by the reason given.", "Reason", DeclineReason.choices),
    _table("triage_time_to_decision", "triage", "Time to decision",
           "Referrals accepted, declined or closed in the period, by the England working days from the day the "
           "referral was received to the day of that decision.", "Working days", DECISION_DAYS),
    _table("triage_decision_target", "triage", "Decisions within the service's target",
           "Referrals accepted, declined or closed in the period, by whether that decision came within the "
           "service's decision target (a number of working days from receipt).", "Decision",
           (("within", "Within target"), ("outside", "Outside target"))),
    # 3. Waiting
    _table("waiting_time_to_allocation", "waiting", "Time from acceptance to a worker",
           "Referrals allocated in the period (opening a case, or joining the young person's open case), by the "
           "days from acceptance to allocation.", "Days waited", WAIT_DAYS),
    _table("waiting_at_period_end", "waiting", "Still waiting at the end of the period",
           "Accepted referrals not allocated by the end of the period, by the days they had waited since "
           "acceptance by the period's last day.", "Days waited", WAIT_DAYS),
    # 4. Cases
    _table("case_flow", "cases", "Cases open, opened and closed",
           "Cases open at the start of the period, opened, closed and reopened in it, and open at its end. Each "
           "row is a different count; open at the end = open at the start + opened + reopened - closed.",
           "Cases", (("open_at_start", "Open at the start"), ("opened", "Opened"), ("closed", "Closed"),
                     ("reopened", "Reopened"), ("open_at_end", "Open at the end")), totals="none"),
    _table("closures_by_reason", "cases", "Closures by reason",
           "Closings of cases in the period, by the reason recorded. A case closed, reopened and closed again "
           "counts twice.", "Reason", ClosureReason.choices),
    _table("cases_first_contact", "cases", "First contact within the service's target",
           "Cases whose first contact with the young person was in the period, by whether it came within the "
           "service's first-contact target (working days from the acceptance of the case's first referral).",
           "First contact", (("within", "Within target"), ("outside", "Outside target"),
                             ("no_referral", "No accepted referral (transferred in)"))),
    _table("cases_awaiting_first_contact", "cases", "Cases with no first contact at the end of the period",
           "Cases open at the end of the period whose young person had not been met or spoken to by then, by "
           "whether the first-contact target date had passed.", "First contact",
           (("not_yet_due", "Not yet due"), ("overdue", "Overdue"),
            ("no_referral", "No accepted referral (transferred in)"))),
    # 5. Risk
    _table("risk_level_open_at_end", "risk", "Risk level of cases open at the end of the period",
           "Cases open at the end of the period, by the level of the young person's latest completed assessment "
           "dated on or before the period's last day.", "Risk level", (*RISK_LEVELS, NOT_ASSESSED),
           row_dimension="risk_level"),
    _table("risk_assessments_completed", "risk", "Assessments completed",
           "Screenings and assessments completed in the period (by the date of the assessment), by the level "
           "that stands.", "Risk level", RISK_LEVELS, columns=Purpose.choices, totals="both",
           row_dimension="risk_level", column_title="Kind"),
    _table("risk_judgement", "risk", "Professional judgement and the computed level",
           "Screenings and assessments completed in the period, by whether the worker's professional judgement "
           "set a level higher or lower than the tool computed, or kept it.", "Judgement",
           (("higher", "Judged higher"), ("same", "Kept the computed level"), ("lower", "Judged lower"))),
    _table("risk_movement_closed", "risk", "Risk at the first and latest assessment, closed cases",
           "Cases closed in the period (the closed cohort), by the level of the young person's first assessment "
           "(rows) and latest assessment (columns) from the case's first referral to its closing. With one "
           "assessment, first and latest are the same.", "First level", (*RISK_LEVELS, NOT_ASSESSED),
           columns=(*RISK_LEVELS, NOT_ASSESSED), totals="both", row_dimension="risk_level",
           column_dimension="risk_level", column_title="Latest level"),
    _table("risk_direction_closed", "risk", "Change in risk, closed cases",
           "Cases closed in the period (the closed cohort), by whether the latest assessed level is lower "
           "(improved), the same or higher (worse) than the first, on the same tool's scale.", "Risk",
           (*DIRECTIONS, ("not_comparable", "Not comparable (tools with different levels)"),
            ("only_one", "Only one assessment"), NOT_ASSESSED)),
    # 6. Models of exploitation
    _table("cse_models", "models", "Models of exploitation",
           "Young people assessed in the period, by each model of exploitation recorded on any of their "
           "assessments in the period. A young person can count in several rows.", "Model of exploitation",
           (*ConcernTag.choices, ("none_recorded", "None recorded")), totals="none"),
    _table("cse_online", "models", "Online elements",
           "Young people assessed in the period, by whether any of their assessments in the period recorded "
           "online exploitation or an online element to offline exploitation.", "Online",
           (("online", "Online exploitation or an online element"), ("not_online", "Neither recorded")),
           ),
    # 7. Missing
    _table("missing_episodes", "missing", "Missing episodes",
           "Missing episodes that started in the period, by the return interview's status (rows) and whether the "
           "episode was reported to the police (columns).", "Return interview", ReturnInterview.choices,
           columns=(("reported", "Reported to police"), ("not_reported", "Not reported to police")),
           totals="both", column_title="Police"),
    _table("missing_cases", "missing", "Young people who went missing",
           "Cases (one per young person at the service) with at least one missing episode that started in the "
           "period.", "Cases", (("cases", "With at least one missing episode"),), totals="none"),
    # 8. Contacts
    _table("contacts_by_method", "contacts", "Contacts by method",
           "Contacts and attempts in the period, by method (rows) and whether they reached the young person "
           "(columns: it happened and they were there).", "Method", ContactMethod.choices,
           columns=(("reached", "Reached the young person"), ("not_reached", "Did not reach them")), totals="both",
           column_title="Reached"),
    _table("contacts_by_location", "contacts", "Contacts by place",
           "Contacts and attempts in the period, by where they took place.", "Place",
           (*ContactLocation.choices, ("not_recorded", "Not recorded (by phone, video or message)"))),
    # 9. Meetings and plans
    _table("meetings_kind", "meetings", "Multi-agency meetings",
           "Multi-agency meetings held in the period and recorded on a case, by kind.", "Meeting",
           MeetingKind.choices),
    _table("plan_goals", "meetings", "Plan goals achieved or stopped",
           "Plan goals marked achieved or stopped in the period (and still so), by the element of direct work "
           "they are under.", "Element", PlanElement.choices,
           columns=(("achieved", "Achieved"), ("stopped", "Stopped")), totals="both", column_title="Status"),
    # 10. Outcomes at closure
    _table("outcomes_ratings_closed", "outcomes", "Outcome ratings of closed cases",
           "Cases closed in the period (the closed cohort), by how many outcome ratings each rater made. Each row "
           "adds up to the closed cohort.", "Rater", (("young_person", "The young person"), ("worker", "The worker")),
           columns=(("two_or_more", "Two or more"), ("one", "One"), ("none", "None")), totals="none",
           column_title="Ratings"),
    _table("outcomes_young_person", "outcomes", "Outcome change rated by the young person, closed cases",
           "Cases closed in the period with at least two ratings by the young person, by whether each area's "
           "latest score was higher (improved), the same or lower (worse) than the first.", "Outcome area",
           AREA_ROWS, columns=DIRECTIONS, totals="none", column_title="Change"),
    _table("outcomes_worker", "outcomes", "Outcome change rated by the worker, closed cases",
           "Cases closed in the period with at least two ratings by the worker, by whether each area's latest "
           "score was higher (improved), the same or lower (worse) than the first.", "Outcome area", AREA_ROWS,
           columns=DIRECTIONS, totals="none", column_title="Change"),
    # 11. What works for whom
    *(
        _table(f"what_works_risk_{key}", "what_works", f"Change in risk {by}",
               "Cases closed in the period (the closed cohort), by whether the latest assessed level is lower "
               "(improved), the same or higher (worse) than the first.", row_title, rows,
               columns=(*DIRECTIONS, NOT_COMPARABLE), totals="both", row_dimension=dimension,
               column_title="Risk")
        for key, row_title, by, rows, dimension in WHAT_WORKS_BREAKDOWNS
    ),
    *(
        _table(f"what_works_outcome_{key}", "what_works",
               f"Change in the young person's outcome ratings {by}",
               "Cases closed in the period (the closed cohort), by whether the mean change over the outcome areas "
               "the young person rated was positive (improved), nil or negative (worse); not comparable with "
               "fewer than two ratings by the young person.", row_title, rows,
               columns=(*DIRECTIONS, NOT_COMPARABLE), totals="both", row_dimension=dimension,
               column_title="Outcomes")
        for key, row_title, by, rows, dimension in WHAT_WORKS_BREAKDOWNS
    ),
    # 12. Staff
    _table("staff_posts", "staff", "Posts filled and vacant",
           "The service's funded posts as recorded when the return is made, by whether someone holds them.",
           "Post", (("filled", "Filled"), ("vacant", "Vacant")), controlled=False),
)

MEASURES: tuple[MeasureDef, ...] = (
    MeasureDef("triage_working_days_to_decision", "triage", "Mean working days to decision",
               "Over referrals accepted, declined or closed in the period: the England working days from receipt "
               "to that decision.", "working days"),
    MeasureDef("waiting_days_to_allocation", "waiting", "Mean days from acceptance to a worker",
               "Over referrals allocated in the period: the days from acceptance to allocation.", "days"),
    MeasureDef("cases_working_days_to_first_contact", "cases", "Mean working days to first contact",
               "Over cases whose first contact was in the period and that came from an accepted referral: the "
               "England working days from acceptance of the first referral to first contact.", "working days"),
    MeasureDef("contacts_per_case", "contacts", "Contacts per case",
               "Contacts and attempts in the period, over the cases open at any time in the period.",
               "contacts"),
    MeasureDef("outcomes_change_young_person", "outcomes", "Mean change rated by the young person, closed cases",
               "Over cases closed in the period with at least two ratings by the young person: the latest score "
               "minus the first, for each area (scores run from 1 to 5).", "points", rows=AREA_ROWS),
    MeasureDef("outcomes_change_worker", "outcomes", "Mean change rated by the worker, closed cases",
               "Over cases closed in the period with at least two ratings by the worker: the latest score minus "
               "the first, for each area (scores run from 1 to 5).", "points", rows=AREA_ROWS),
    *(
        MeasureDef(f"what_works_outcome_change_{key}", "what_works",
                   f"Mean change in the young person's outcome ratings {by}",
                   "Over cases closed in the period with at least two ratings by the young person: the mean, over "
                   "the areas, of the latest score minus the first.", "points", rows=tuple(rows),
                   row_dimension=dimension)
        for key, row_title, by, rows, dimension in WHAT_WORKS_BREAKDOWNS
    ),
    MeasureDef("staff_fte", "staff", "Full-time equivalent of posts",
               "The full-time equivalent of the service's posts as recorded when the return is made (n is the "
               "number of posts).", "FTE", rows=(("filled", "Filled"), ("vacant", "Vacant")), controlled=False),
)

TABLE_BY_ID = {t.id: t for t in TABLES}
MEASURE_BY_ID = {m.id: m for m in MEASURES}


# --- Figures ------------------------------------------------------------------------------


def _blank_row(table: TableDef | None) -> dict[str, int]:
    return {key: 0 for key, _ in table.columns} if table else {}


def _blank_measure() -> dict[str, float | int]:
    return {"sum": 0.0, "n": 0}


def empty() -> Figures:
    """Figures with every static row and column of every table and measure, all zero."""
    return {
        "tables": {t.id: {key: _blank_row(t) for key, _ in t.rows} for t in TABLES},
        "measures": {m.id: {key: _blank_measure() for key, _ in m.rows} for m in MEASURES},
    }


def _square(figures: Figures) -> Figures:
    """Give every row of a table every column any of its rows has (a dynamic column seen in one
    row shows as zero in the others)."""
    for rows in figures["tables"].values():
        columns = {c for cells in rows.values() for c in cells}
        for cells in rows.values():
            for c in columns - cells.keys():
                cells[c] = 0
    return figures


def add(*figures: Figures) -> Figures:
    """The exact sum of figures: counts, measure sums and measure ``n`` add up; rows and columns
    that come from the data are the union of those given."""
    out = empty()
    for fig in figures:
        for table_id, rows in fig["tables"].items():
            table = out["tables"].setdefault(table_id, {})
            for row_key, cells in rows.items():
                row = table.setdefault(row_key, _blank_row(TABLE_BY_ID.get(table_id)))
                for col_key, n in cells.items():
                    row[col_key] = row.get(col_key, 0) + n
        for measure_id, rows in fig["measures"].items():
            measure = out["measures"].setdefault(measure_id, {})
            for row_key, value in rows.items():
                acc = measure.setdefault(row_key, _blank_measure())
                acc["sum"] += value["sum"]
                acc["n"] += value["n"]
    return _square(out)


# --- Labels -------------------------------------------------------------------------------


def row_label(table: TableDef | MeasureDef, key: str, labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The label of one of a table's (or measure's) row keys: a static row's own label, else the
    label of the key in its dynamic dimension from ``labels`` (``dynamic_labels()``), else a
    readable fallback."""
    return _label(table.rows, table.row_dimension, key, labels)


def column_label(table: TableDef, key: str, labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    return _label(table.columns, table.column_dimension, key, labels)


def _label(static: Rows, dimension: str, key: str, labels) -> str:
    for k, label in static:
        if k == key:
            return label
    found = (labels or {}).get(dimension, {}).get(key)
    if found:
        return found
    if dimension == "model" and key.startswith("model_"):
        return f"Model {key.removeprefix('model_')}"
    if dimension == "risk_level":
        return key.replace("_", " ").replace("-", " ").capitalize()
    return key


def dynamic_labels(*figures: Figures, programme=None) -> dict[str, dict[str, str]]:
    """Labels for the keys that came from the data, by dimension: local authorities' names by
    ONS code, risk levels' labels by level id (from the assessment tools, newest first) and Hub
    and Spoke models' names by ``model_<number>`` (of ``programme``, when given). At most three
    queries, whatever the figures."""
    keys: dict[str, set[str]] = defaultdict(set)
    for fig in figures:
        for table in TABLES:
            rows = fig["tables"].get(table.id, {})
            if table.row_dimension:
                keys[table.row_dimension] |= set(rows) - {k for k, _ in table.rows}
            if table.column_dimension:
                keys[table.column_dimension] |= {c for cells in rows.values() for c in cells} - {
                    k for k, _ in table.columns}
        for measure in MEASURES:
            if measure.row_dimension:
                keys[measure.row_dimension] |= set(fig["measures"].get(measure.id, {})) - {k for k, _ in measure.rows}
    labels: dict[str, dict[str, str]] = {}
    if keys["local_authority"]:
        labels["local_authority"] = dict(
            LocalAuthority.objects.filter(ons_code__in=keys["local_authority"]).values_list("ons_code", "name"))
    if keys["risk_level"]:
        found: dict[str, str] = {}
        for levels in AssessmentTool.objects.order_by("-imported_at", "-pk").values_list("definition__levels",
                                                                                          flat=True):
            for level in levels or ():
                found.setdefault(level["id"], level["label"])
        labels["risk_level"] = {k: found[k] for k in keys["risk_level"] if k in found}
    if keys["model"]:
        numbers = [int(k.removeprefix("model_")) for k in keys["model"]]
        models = HubSpokeModel.objects.filter(number__in=numbers)
        if programme is not None:
            models = models.filter(programme=programme)
        labels["model"] = {f"model_{n}": f"Model {n}: {name}" for n, name in models.values_list("number", "name")}
    return labels


def _moment(day: dt.date) -> dt.datetime:
    """The start of a day in the service's time zone (Europe/London)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


# --- Small rules --------------------------------------------------------------------------


def age_band(age: int | None) -> str:
    if age is None:
        return "not_known"
    for top, band in ((9, "under_10"), (11, "10_11"), (13, "12_13"), (15, "14_15"), (17, "16_17"), (25, "18_25")):
        if age <= top:
            return band
    return "26_plus"


def ethnic_group(ethnicity: str | None, *, linked: bool) -> str:
    if not linked:
        return "not_linked"
    if ethnicity in ("not_known", "prefer_not"):
        return ethnicity
    group = (ethnicity or "").split("_", 1)[0]
    return group if group in ("asian", "black", "mixed", "white", "other") else "not_known"


def _decision_band(days: int) -> str:
    for top, band in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "4_5"), (10, "6_10")):
        if days <= top:
            return band
    return "11_plus"


def _wait_band(days: int) -> str:
    for top, band in ((0, "0"), (7, "1_7"), (14, "8_14"), (28, "15_28"), (56, "29_56"), (91, "57_91")):
        if days <= top:
            return band
    return "92_plus"


def _direction(change: float) -> str:
    return "improved" if change > 0 else "worse" if change < 0 else "same"


def _age_at(*, dob, estimated_age, estimated_on, on: dt.date) -> int | None:
    if dob:
        return age_on(dob, on)
    if estimated_age is not None:
        return estimated_age + (max(age_on(estimated_on, on), 0) if estimated_on else 0)
    return None


# --- Computing ----------------------------------------------------------------------------


class _Parts:
    """Figures being built for each part of each service."""

    def __init__(self, services, spokes, start: dt.date, end: dt.date):
        self.zone = timezone.get_current_timezone()
        self.spoke_key = {s["pk"]: str(s["uuid"]) for s in spokes}
        self.figures: dict[int, dict[str, Figures]] = {service.pk: {HUB: empty()} for service in services}
        for s in spokes:
            if s["starts_on"] <= end and (s["ends_on"] is None or s["ends_on"] >= start):
                self.figures[s["service_id"]][self.spoke_key[s["pk"]]] = empty()

    def day(self, moment: dt.datetime) -> dt.date:
        """A moment's date in the service's time zone (timezone.localdate, looked up once)."""
        return moment.astimezone(self.zone).date()

    def of(self, service_id: int, spoke_id: int | None) -> Figures:
        part = HUB if spoke_id is None else self.spoke_key[spoke_id]
        parts = self.figures[service_id]
        if part not in parts:  # a spoke outside the period that still holds records
            parts[part] = empty()
        return parts[part]

    def count(self, service_id, spoke_id, table_id: str, row: str, col: str = "count", n: int = 1) -> None:
        rows = self.of(service_id, spoke_id)["tables"][table_id]
        if row not in rows:
            rows[row] = _blank_row(TABLE_BY_ID[table_id])
        rows[row][col] = rows[row].get(col, 0) + n

    def measure(self, service_id, spoke_id, measure_id: str, value, row: str = "all", n: int = 1) -> None:
        acc = self.of(service_id, spoke_id)["measures"][measure_id].setdefault(row, _blank_measure())
        acc["sum"] += float(value)
        acc["n"] += n

    def result(self) -> dict[int, dict]:
        out = {}
        for service_id, parts in self.figures.items():
            for figures in parts.values():
                _square(figures)
            out[service_id] = {"total": add(*parts.values()), "parts": parts}
        return out


def compute(services: Iterable, start: dt.date, end: dt.date) -> dict[int, dict]:
    """The return's exact figures for each service over ``start`` to ``end`` (both days
    included): ``{service.id: {"total": Figures, "parts": {"hub": Figures, "<spoke uuid>":
    Figures, ...}}}``. Every service given appears; every spoke that existed in the period (or
    holds a record counted) is a part, even with nothing in it; the total is ``add()`` of the
    parts. A fixed number of queries, however many services and records."""
    services = list(services)
    if not services:
        return {}
    if end < start:
        raise ValueError("The period ends before it starts")
    ids = [s.pk for s in services]
    by_id = {s.pk: s for s in services}
    s_at, e_at = _moment(start), _moment(end + dt.timedelta(days=1))
    spokes = list(
        Spoke.objects.filter(service_id__in=ids).order_by()
        .values("pk", "uuid", "service_id", "starts_on", "ends_on", "model__number", "host_agency__agency_type")
    )
    parts = _Parts(services, spokes, start, end)
    spoke_info = {s["pk"]: s for s in spokes}
    period = {"gte": s_at, "lt": e_at}

    def within(field: str) -> Q:
        return Q(**{f"{field}__{op}": value for op, value in period.items()})

    _referrals(parts, ids, within)
    _triage(parts, ids, within, by_id)
    _waiting(parts, ids, within, e_at, end)
    _cases(parts, ids, within, s_at, e_at, start, end, by_id)
    _risk_and_models(parts, ids, e_at, start, end)
    _activity(parts, ids, within, start, end)
    _closed_cohort(parts, ids, s_at, e_at, end, spoke_info)
    _staff(parts, ids)
    return parts.result()


def _referrals(parts: _Parts, ids, within) -> None:
    earlier = Referral.objects.filter(young_person=OuterRef("young_person"), service=OuterRef("service"),
                                      received_at__lt=OuterRef("received_at"))
    rows = (
        Referral.objects.filter(within("received_at"), service_id__in=ids)
        .annotate(repeat=Exists(earlier))
        .order_by()
        .values_list("service_id", "spoke_id", "pathway", "subject_date_of_birth", "subject_estimated_age",
                     "received_at", "subject_gender", "subject_local_authority__ons_code", "urgency", "concern_tags",
                     "young_person_id", "young_person__ethnicity", "young_person__disability",
                     "young_person__learning_disability", "young_person__autism", "young_person__care_status",
                     "repeat")
    )
    for (service_id, spoke_id, pathway, dob, estimated, received_at, gender, ons, urgency, tags, person_id,
         ethnicity, disability, learning, autism, care, repeat) in rows:
        linked = person_id is not None
        count = partial(parts.count, service_id, spoke_id)
        count("referrals_by_pathway", pathway)
        age = age_on(dob, parts.day(received_at)) if dob else estimated
        count("referrals_by_age", age_band(age))
        count("referrals_by_gender", gender)
        count("referrals_by_ethnicity", ethnic_group(ethnicity, linked=linked))
        count("referrals_disability", disability if linked else YesNoUnknown.NOT_KNOWN)
        count("referrals_learning_disability", learning if linked else YesNoUnknown.NOT_KNOWN)
        count("referrals_autism", autism if linked else YesNoUnknown.NOT_KNOWN)
        count("referrals_by_care_status", care if linked else "not_linked")
        count("referrals_by_local_authority", ons or "not_known")
        count("referrals_by_urgency", urgency)
        count("referrals_repeat", ("repeat" if repeat else "first") if linked else "not_linked")
        for tag in sorted(set(tags or ())) or ["none_recorded"]:
            count("referrals_by_concern", tag)


def _triage(parts: _Parts, ids, within, by_id) -> None:
    earlier_final = ReferralDecision.objects.filter(
        referral=OuterRef("referral"), kind__in=FINAL_KINDS, decided_at__lt=OuterRef("decided_at"))
    rows = (
        ReferralDecision.objects.filter(within("decided_at"), referral__service_id__in=ids, kind__in=TRIAGE_KINDS)
        .annotate(after_final=Exists(earlier_final))
        .order_by()
        .values_list("referral__service_id", "referral__spoke_id", "kind", "decline_reason",
                     "referral__received_at", "decided_at", "after_final")
    )
    for service_id, spoke_id, kind, reason, received_at, decided_at, after_final in rows:
        parts.count(service_id, spoke_id, "decisions_by_kind", kind)
        if kind == DecisionKind.DECLINED:
            parts.count(service_id, spoke_id, "triage_decline_reasons", reason)
        if kind in FINAL_KINDS and not after_final:
            days = working_days_between(parts.day(received_at), parts.day(decided_at))
            parts.count(service_id, spoke_id, "triage_time_to_decision", _decision_band(days))
            target = by_id[service_id].decision_target_working_days
            parts.count(service_id, spoke_id, "triage_decision_target", "within" if days <= target else "outside")
            parts.measure(service_id, spoke_id, "triage_working_days_to_decision", days)


def _accepted_at(referral_ref: str) -> Subquery:
    return Subquery(
        ReferralDecision.objects.filter(referral=OuterRef(referral_ref), kind=DecisionKind.ACCEPTED)
        .order_by("decided_at", "pk").values("decided_at")[:1])


def _waiting(parts: _Parts, ids, within, e_at, end) -> None:
    allocated = (
        CaseReferral.objects.filter(within("linked_at"), referral__service_id__in=ids)
        .annotate(accepted_at=_accepted_at("referral"))
        .order_by()
        .values_list("referral__service_id", "referral__spoke_id", "accepted_at", "linked_at")
    )
    for service_id, spoke_id, accepted_at, linked_at in allocated:
        if accepted_at is None:  # allocation needs acceptance: only a hand-made record lacks one
            continue
        days = max((parts.day(linked_at) - parts.day(accepted_at)).days, 0)
        parts.count(service_id, spoke_id, "waiting_time_to_allocation", _wait_band(days))
        parts.measure(service_id, spoke_id, "waiting_days_to_allocation", days)
    still_waiting = (
        Referral.objects.filter(service_id__in=ids, decisions__kind=DecisionKind.ACCEPTED,
                                decisions__decided_at__lt=e_at)
        .filter(Q(case_link__isnull=True) | Q(case_link__linked_at__gte=e_at))
        .order_by()
        .values_list("service_id", "spoke_id", "decisions__decided_at")
    )
    for service_id, spoke_id, accepted_at in still_waiting:
        days = max((end - parts.day(accepted_at)).days, 0)
        parts.count(service_id, spoke_id, "waiting_at_period_end", _wait_band(days))


# Up to this many services, the closings subqueries are narrowed to the services' own cases.
# PostgreSQL runs them as hashed subplans: for one service's return the narrowing saves reading
# every closing in the programme (246 ms -> 22 ms at national scale), while for the whole
# programme it only adds a join (programme-wide figures 3.9 s -> 5-8 s), so it is left off there.
NARROW_CLOSINGS_UP_TO = 20


def _narrowed(closings, ids):
    return closings.filter(case__service_id__in=ids) if len(ids) <= NARROW_CLOSINGS_UP_TO else closings


def _closing_standing_at(moment: dt.datetime, ids):
    """The case's closings that stand at ``moment``: closed before it, not reopened by then."""
    return _narrowed(CaseClosure.objects.filter(case=OuterRef("pk"), closed_at__lt=moment), ids).filter(
        Q(reopened_at__isnull=True) | Q(reopened_at__gte=moment))


def _open_at(moment: dt.datetime, ids) -> Q:
    return Q(opened_at__lt=moment) & ~Exists(_closing_standing_at(moment, ids))


def _cases(parts: _Parts, ids, within, s_at, e_at, start, end, by_id) -> None:
    open_at_start, open_at_end, opened = _open_at(s_at, ids), _open_at(e_at, ids), within("opened_at")
    reopened = Exists(_narrowed(CaseClosure.objects.filter(within("reopened_at"), case=OuterRef("pk")), ids))
    flow = (
        Case.objects.filter(service_id__in=ids, opened_at__lt=e_at)
        .values("service_id", "spoke_id")
        .annotate(
            open_at_start=Count("pk", filter=open_at_start),
            opened=Count("pk", filter=opened),
            open_at_end=Count("pk", filter=open_at_end),
            open_during=Count("pk", filter=open_at_start | opened | Q(reopened)),
        )
        .order_by()
    )
    for row in flow:
        service_id, spoke_id = row["service_id"], row["spoke_id"]
        for key in ("open_at_start", "opened", "open_at_end"):
            parts.count(service_id, spoke_id, "case_flow", key, n=row[key])
        # The denominator of contacts per case; the contacts are added in _activity.
        parts.measure(service_id, spoke_id, "contacts_per_case", 0, n=row["open_during"])
    closings = (
        CaseClosure.objects.filter(case__service_id__in=ids)
        .filter(within("closed_at") | within("reopened_at"))
        .values("case__service_id", "case__spoke_id", "reason")
        .annotate(closed=Count("pk", filter=within("closed_at")), reopened=Count("pk", filter=within("reopened_at")))
        .order_by()
    )
    for row in closings:
        service_id, spoke_id = row["case__service_id"], row["case__spoke_id"]
        parts.count(service_id, spoke_id, "case_flow", "closed", n=row["closed"])
        parts.count(service_id, spoke_id, "case_flow", "reopened", n=row["reopened"])
        if row["closed"]:
            parts.count(service_id, spoke_id, "closures_by_reason", row["reason"], n=row["closed"])
    no_contact_by_end = Q(first_contact_on__isnull=True) | Q(first_contact_on__gt=end)
    first_contacts = (
        Case.objects.filter(service_id__in=ids, opened_at__lt=e_at)
        .filter(Q(first_contact_on__gte=start, first_contact_on__lte=end) | (no_contact_by_end & open_at_end))
        .annotate(accepted_at=_accepted_at_of_case())
        .order_by()
        .values_list("service_id", "spoke_id", "first_contact_on", "accepted_at")
    )
    for service_id, spoke_id, made_on, accepted_at in first_contacts:
        target = by_id[service_id].first_contact_target_working_days
        due = add_working_days(parts.day(accepted_at), target) if accepted_at else None
        if made_on is not None and start <= made_on <= end:
            row = "no_referral" if due is None else "within" if made_on <= due else "outside"
            parts.count(service_id, spoke_id, "cases_first_contact", row)
            if accepted_at:
                parts.measure(service_id, spoke_id, "cases_working_days_to_first_contact",
                              working_days_between(parts.day(accepted_at), made_on))
        else:
            # At the end of the period's last day, a target due that day has passed.
            row = "no_referral" if due is None else "overdue" if due <= end else "not_yet_due"
            parts.count(service_id, spoke_id, "cases_awaiting_first_contact", row)


def _accepted_at_of_case() -> Subquery:
    """When the case's first referral was accepted: the first-contact clock starts there."""
    return Subquery(
        ReferralDecision.objects.filter(referral__case_link__case=OuterRef("pk"), kind=DecisionKind.ACCEPTED)
        .order_by("decided_at", "pk").values("decided_at")[:1])


def _risk_and_models(parts: _Parts, ids, e_at, start, end) -> None:
    latest = (
        Assessment.objects.filter(young_person=OuterRef("young_person"), status=AssessmentStatus.COMPLETED,
                                  assessed_on__lte=end)
        .order_by("-assessed_on", "-completed_at", "-pk")
    )
    levels = (
        Case.objects.filter(_open_at(e_at, ids), service_id__in=ids)
        .annotate(level=Subquery(latest.values("level")[:1]))
        .values("service_id", "spoke_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in levels:
        parts.count(row["service_id"], row["spoke_id"], "risk_level_open_at_end", row["level"] or "not_assessed",
                    n=row["n"])
    completed = (
        Assessment.objects.filter(service_id__in=ids, status=AssessmentStatus.COMPLETED, assessed_on__gte=start,
                                  assessed_on__lte=end)
        .order_by("assessed_on", "completed_at", "pk")
        .values_list("service_id", "spoke_id", "level", "tool__purpose", "judgement_rank", "computed_rank",
                     "judgement_level", "models_of_cse", "young_person_id", "referral_id")
    )
    # Per young person (or unlinked referral): the models across their assessments in the
    # period, counted where their latest assessment in the period is held.
    subjects: dict[tuple, tuple[int, int | None, set]] = {}
    for (service_id, spoke_id, level, purpose, judged_rank, computed_rank, judgement, models, person_id,
         referral_id) in completed:
        parts.count(service_id, spoke_id, "risk_assessments_completed", level, col=purpose)
        # The worker's own judgement against the tool's, whether or not it stands yet.
        judged = ("same" if not judgement or judged_rank == computed_rank
                  else "higher" if judged_rank > computed_rank else "lower")
        parts.count(service_id, spoke_id, "risk_judgement", judged)
        subject = ("person", person_id) if person_id else ("referral", referral_id)
        seen = subjects.get(subject, (0, None, set()))[2]
        subjects[subject] = (service_id, spoke_id, seen | set(models or ()))
    online = {ConcernTag.ONLINE, ConcernTag.ONLINE_ELEMENT}
    for service_id, spoke_id, models in subjects.values():
        for model in sorted(models) or ["none_recorded"]:
            parts.count(service_id, spoke_id, "cse_models", model)
        parts.count(service_id, spoke_id, "cse_online", "online" if models & online else "not_online")


def _activity(parts: _Parts, ids, within, start, end) -> None:
    """Missing episodes, contacts, meetings and plan goals: counted in SQL."""
    episodes = (
        MissingEpisode.objects.filter(within("started_at"), case__service_id__in=ids)
        .values("case__service_id", "case__spoke_id", "case_id", "return_interview", "reported_to_police")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cases_missing: dict[tuple, set] = defaultdict(set)
    for row in episodes:
        service_id, spoke_id = row["case__service_id"], row["case__spoke_id"]
        police = "reported" if row["reported_to_police"] else "not_reported"
        parts.count(service_id, spoke_id, "missing_episodes", row["return_interview"], col=police, n=row["n"])
        cases_missing[(service_id, spoke_id)].add(row["case_id"])
    for (service_id, spoke_id), cases in cases_missing.items():
        parts.count(service_id, spoke_id, "missing_cases", "cases", n=len(cases))
    contacts = (
        Contact.objects.filter(within("occurred_at"), case__service_id__in=ids)
        .values("case__service_id", "case__spoke_id", "method", "location", "reached")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in contacts:
        service_id, spoke_id, n = row["case__service_id"], row["case__spoke_id"], row["n"]
        parts.count(service_id, spoke_id, "contacts_by_method", row["method"],
                    col="reached" if row["reached"] else "not_reached", n=n)
        parts.count(service_id, spoke_id, "contacts_by_location", row["location"] or "not_recorded", n=n)
        parts.measure(service_id, spoke_id, "contacts_per_case", n, n=0)
    meetings = (
        Meeting.objects.filter(case__service_id__in=ids, held_on__gte=start, held_on__lte=end)
        .values("case__service_id", "case__spoke_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in meetings:
        parts.count(row["case__service_id"], row["case__spoke_id"], "meetings_kind", row["kind"], n=row["n"])
    goals = (
        PlanGoal.objects.filter(within("status_changed_at"), case__service_id__in=ids,
                                status__in=(GoalStatus.ACHIEVED, GoalStatus.STOPPED))
        .values("case__service_id", "case__spoke_id", "element", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in goals:
        parts.count(row["case__service_id"], row["case__spoke_id"], "plan_goals", row["element"],
                    col=row["status"], n=row["n"])


def _risk_direction(window: list[dict], scales: dict) -> str:
    """First against latest of a case's assessments (oldest first): a lower place in the tool's
    levels is lower risk. Places compare only between tools with the same levels."""
    if not window:
        return "not_assessed"
    if len(window) == 1:
        return "only_one"
    first, latest = window[0], window[-1]
    if scales.get(first["tool"]) != scales.get(latest["tool"]):
        return "not_comparable"
    return _direction(first["rank"] - latest["rank"])


def _closed_cohort(parts: _Parts, ids, s_at, e_at, end, spoke_info) -> None:
    """Cases closed in the period and still closed at its end, one by one: the first and latest
    assessment of each, and the first and latest outcome rating by each rater."""
    standing = CaseClosure.objects.filter(case=OuterRef("pk"), closed_at__gte=s_at, closed_at__lt=e_at).filter(
        Q(reopened_at__isnull=True) | Q(reopened_at__gte=e_at))
    cohort = Case.objects.filter(Exists(standing), service_id__in=ids)
    first_link = CaseReferral.objects.filter(case=OuterRef("pk"))
    cases = list(
        cohort.annotate(
            closed_at=Subquery(standing.order_by("-closed_at").values("closed_at")[:1]),
            first_pathway=Subquery(first_link.order_by("linked_at", "pk").values("referral__pathway")[:1]),
            first_received=Subquery(first_link.order_by("referral__received_at").values("referral__received_at")[:1]),
        )
        .order_by()
        .values("pk", "service_id", "spoke_id", "young_person_id", "opened_at", "closed_at", "first_pathway",
                "first_received", "young_person__date_of_birth", "young_person__estimated_age",
                "young_person__estimated_on", "young_person__gender", "young_person__learning_disability",
                "young_person__autism")
    )
    assessments: dict[int, list[dict]] = defaultdict(list)
    for person_id, on, level, rank, tool_id in (
        Assessment.objects.filter(status=AssessmentStatus.COMPLETED,
                                  young_person_id__in=cohort.values("young_person_id"))
        .order_by("assessed_on", "completed_at", "pk")
        .values_list("young_person_id", "assessed_on", "level", "level_rank", "tool_id")
    ):
        assessments[person_id].append({"on": on, "level": level, "rank": rank, "tool": tool_id})
    scales = {pk: tuple(lv["id"] for lv in (levels or ())) for pk, levels in
              AssessmentTool.objects.values_list("pk", "definition__levels")}
    ratings: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for case_id, rater, scores in (
        OutcomeRating.objects.filter(case_id__in=cohort.values("pk"), rated_on__lte=end)
        .order_by("rated_on", "recorded_at", "pk")
        .values_list("case_id", "rater", "scores")
    ):
        ratings[(case_id, rater)].append(scores or {})

    for case in cases:
        service_id, spoke_id = case["service_id"], case["spoke_id"]
        count = partial(parts.count, service_id, spoke_id)

        # Risk: the young person's assessments from the case's first referral to its closing.
        since = parts.day(min(filter(None, (case["first_received"], case["opened_at"]))))
        until = parts.day(case["closed_at"])
        window = [a for a in assessments[case["young_person_id"]] if since <= a["on"] <= until]
        direction = _risk_direction(window, scales)
        count("risk_direction_closed", direction)
        count("risk_movement_closed", window[0]["level"] if window else "not_assessed",
              window[-1]["level"] if window else "not_assessed")
        risk = direction if direction in ("improved", "same", "worse") else "not_comparable"

        # Outcomes, by rater; the young person's mean change feeds "what works".
        own_change = None
        for rater, key in RATERS:
            mine = ratings.get((case["pk"], rater), [])
            count("outcomes_ratings_closed", key, "two_or_more" if len(mine) >= 2 else "one" if mine else "none")
            if len(mine) < 2:
                continue
            first, latest = mine[0], mine[-1]
            changes = {a.id: latest[a.id] - first[a.id] for a in AREAS if a.id in first and a.id in latest}
            for area_id, change in changes.items():
                count(f"outcomes_{key}", area_id, _direction(change))
                parts.measure(service_id, spoke_id, f"outcomes_change_{key}", change, row=area_id)
            if rater == Rater.YOUNG_PERSON and changes:
                own_change = sum(changes.values()) / len(changes)

        # What works for whom.
        spoke = spoke_info.get(spoke_id) if spoke_id else None
        breakdown = {
            "model": f"model_{spoke['model__number']}" if spoke else HUB,
            "host": (spoke["host_agency__agency_type"] or "no_fixed_base") if spoke else HUB,
            "pathway": case["first_pathway"] or "none",
            "age": age_band(_age_at(dob=case["young_person__date_of_birth"],
                                    estimated_age=case["young_person__estimated_age"],
                                    estimated_on=case["young_person__estimated_on"], on=parts.day(case["opened_at"]))),
            "gender": case["young_person__gender"],
            "ld_autism": _either(case["young_person__learning_disability"], case["young_person__autism"]),
        }
        for key, row in breakdown.items():
            count(f"what_works_risk_{key}", row, risk)
            count(f"what_works_outcome_{key}", row, "not_comparable" if own_change is None else _direction(own_change))
            if own_change is not None:
                parts.measure(service_id, spoke_id, f"what_works_outcome_change_{key}", own_change, row=row)


def _either(learning_disability: str, autism: str) -> str:
    if YesNoUnknown.YES in (learning_disability, autism):
        return YesNoUnknown.YES
    if learning_disability == autism == YesNoUnknown.NO:
        return YesNoUnknown.NO
    return YesNoUnknown.NOT_KNOWN


def _staff(parts: _Parts, ids) -> None:
    filled, vacant = Q(holder__isnull=False), Q(holder__isnull=True)
    posts = (
        Post.objects.filter(service_id__in=ids)
        .values("service_id", "spoke_id")
        .annotate(filled=Count("pk", filter=filled), vacant=Count("pk", filter=vacant),
                  filled_fte=Sum("fte", filter=filled), vacant_fte=Sum("fte", filter=vacant))
        .order_by()
    )
    for row in posts:
        for key in ("filled", "vacant"):
            parts.count(row["service_id"], row["spoke_id"], "staff_posts", key, n=row[key])
            parts.measure(row["service_id"], row["spoke_id"], "staff_fte", row[f"{key}_fte"] or 0, row=key,
                          n=row[key])


# --- The data dictionary ------------------------------------------------------------------

TOTALS_MEANING = {
    "both": "every one counted is in exactly one cell: row, column and grand totals are counts too",
    "columns": "a list: its total is the number counted",
    "none": "no total: a case or referral can count in several rows, or the rows are different counts",
}
DIMENSION_MEANING = {
    "local_authority": "a row for each local authority with referrals, keyed by its ONS code",
    "risk_level": "a row for each other risk level found (another tool's), keyed by the tool's level id",
    "model": "a row for each Hub and Spoke model found, keyed `model_<number>`",
}


def _keys(rows: Rows) -> str:
    return ", ".join(f"`{key}` {label}" for key, label in rows)


def dictionary_markdown() -> str:
    """The per-indicator part of docs/monitoring-return.md, generated from the definitions."""
    lines: list[str] = []
    for section, title in SECTIONS:
        lines += [f"### {title}", "", SECTION_RULES[section], ""]
        for t in (t for t in TABLES if t.section == section):
            lines += [f"#### `{t.id}`: {t.title}", "", t.description, ""]
            rows = _keys(t.rows)
            if t.row_dimension:
                rows = f"{DIMENSION_MEANING[t.row_dimension]}" + (f"; and {rows}" if rows else "")
            lines.append(f"- Rows ({t.row_title}): {rows}.")
            columns = _keys(t.columns)
            if t.column_dimension:
                columns = f"{DIMENSION_MEANING[t.column_dimension].replace('a row', 'a column')}; and {columns}"
            lines.append(f"- Columns{f' ({t.column_title})' if t.column_title else ''}: {columns}.")
            lines.append(f"- Totals (`{t.totals}`): {TOTALS_MEANING[t.totals]}.")
            if not t.controlled:
                lines.append("- Not about young people: not subject to disclosure control.")
            lines.append("")
        for m in (m for m in MEASURES if m.section == section):
            lines += [f"#### `{m.id}`: {m.title} (measure, {m.unit})", "", m.description, ""]
            rows = _keys(m.rows)
            if m.row_dimension:
                rows = f"{DIMENSION_MEANING[m.row_dimension]}; and {rows}"
            lines.append(f"- Rows: {rows}. Each carries `sum` and `n`; the mean is `sum / n`.")
            if not m.controlled:
                lines.append("- Not about young people: not subject to disclosure control.")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
