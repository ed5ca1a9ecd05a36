"""What the return holds: its sections, and the definition of every table and measure (rows,
columns, totals, which dimension adds rows from the data). Every other module of the return reads
these; nothing here reads the database."""

from __future__ import annotations

from dataclasses import dataclass

from hubspoke.assessments.models import Purpose
from hubspoke.cases.models import (
    ClosureReason,
    ContactLocation,
    ContactMethod,
    MeetingKind,
    PlanElement,
    Rater,
    ReturnInterview,
)
from hubspoke.cases.outcomes import AREAS
from hubspoke.engagement.models import AGE_BANDS as REACH_AGE_BANDS
from hubspoke.engagement.models import (
    AUDIENCES,
    ChallengeAbout,
    ChallengeDirection,
    ChallengeOutcome,
    ChallengeStage,
    ConsultationOutcome,
    MeetingOutput,
    MeetingRole,
)
from hubspoke.engagement.models import GENDERS as REACH_GENDERS
from hubspoke.engagement.models import MeetingKind as SystemMeetingKind
from hubspoke.network.models import AgencyType
from hubspoke.participation.models import QUESTIONS, SCALE, ActivityKind, FeedbackWay, OutputKind
from hubspoke.referrals import ages
from hubspoke.referrals.models import (
    CareStatus,
    ConcernTag,
    DecisionKind,
    DeclineReason,
    Gender,
    Pathway,
    Urgency,
    YesNoUnknown,
)

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
    controlled: bool = True  # False only for tables not about young people (staff posts, training, meetings)
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
    ("participation", "Young people's feedback"),
    ("what_works", "What works for whom"),
    ("local_system", "Work with professionals and the local system"),
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
    "participation": "Young people's feedback on their support given in the period (the day it was given, in "
                     "a session, by a link or told to the worker), declines included, and where each open case's "
                     "round stood at the period's end. Part: the case's. About young people: subject to "
                     "disclosure control. The words young people add are never part of the return. Participation "
                     "activities held in the period (the day recorded as held), by point on the spectrum, and "
                     "what they made, count at the hub (an activity is the service's) and are not about young "
                     "people; the young people who took part count at their case's part and are subject to "
                     "disclosure control. Quotes and case studies are in the quarterly participation report, "
                     "never in the return.",
    "what_works": "The closed cohort (see Outcomes at closure), broken down by where and how the work was done "
                  "and by who the young person is. Risk direction compares the first and the latest completed "
                  "assessment of the young person from the case's first referral to its closing; "
                  "\"not comparable\" covers cases with fewer than two assessments or whose two tools have "
                  "different levels. Outcome direction is the mean, over the outcome areas, of the young "
                  "person's own change in score. Part: the case's. Beside them, the work with professionals "
                  "and the local system in the period (see that section) by where it was done from: challenges "
                  "raised by the type of the spoke's host agency, and people trained by the spoke's Hub and "
                  "Spoke model; part: the record's.",
    "local_system": "Consultations, training and prevention sessions and strategic meetings held in the period "
                    "(the day recorded as held). Challenges raised in the period (the day first raised), ended in "
                    "the period (the day recorded as ended) and open at its end (raised by its last day, not "
                    "ended by then); a challenge's stage is the highest stage it had been raised at by the "
                    "period's last day. Training feedback counts the answers about sessions held in the period, "
                    "whenever they came before the return is made. Part: the spoke the work was recorded as done "
                    "from, otherwise the hub. Consultations, prevention sessions and challenges are about "
                    "children and are subject to disclosure control; training audiences and meetings are about "
                    "professionals and are not.",
    "staff": "Posts by their dates: a post counts from the day it starts (a post with no start date began "
             "before records began) to the day it ends. Filled and vacant are as on the last day of the period, "
             "over the posts in existence that day; vacancy weeks are over every post in existence at any time "
             "in the period. A post is vacant on a day one of its recorded vacancies covers; a post with no "
             "vacancies recorded counts as it is when the return is made, vacant throughout if nobody holds it. "
             "Part: the post's spoke, or the hub. Not about young people: not subject to disclosure control.",
}

AGE_BANDS: Rows = ages.AGE_BANDS
COUNT: Rows = (("count", "Count"),)
YES_NO_NOT_KNOWN: Rows = tuple(YesNoUnknown.choices)
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
# A challenge's subject says its direction too (a referrer's dispute is always of our triage).
CHALLENGE_ABOUT: Rows = tuple(
    (key, "A referrer disputed our triage decision" if key == ChallengeAbout.TRIAGE
     else f"We challenged: {label[:1].lower()}{label[1:]}")
    for key, label in ChallengeAbout.choices)
STAGES: Rows = tuple((f"stage_{n}", f"{n}. {label}") for n, label in ChallengeStage.choices)
ENDINGS: Rows = tuple((k, label) for k, label in ChallengeOutcome.choices if k != ChallengeOutcome.OPEN)


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

HOST_ROWS: Rows = next(rows for key, _, _, rows, _ in WHAT_WORKS_BREAKDOWNS if key == "host")

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
    _table("what_works_challenges_host", "what_works", "Challenges raised by host agency type",
           "Challenges raised in the period, by the type of the host agency of the spoke the challenge was "
           "recorded at (rows) and who challenged whom (columns). About children's cases: subject to disclosure "
           "control.", "Host agency type", HOST_ROWS, columns=ChallengeDirection.choices, totals="both",
           column_title="Challenge"),
    _table("what_works_trained_model", "what_works", "People trained by Hub and Spoke model",
           "People who attended training and awareness sessions held in the period, by the Hub and Spoke model of "
           "the spoke the session was delivered from (rows) and their audience (columns). About professionals, "
           "parents and carers, not young people: not subject to disclosure control.", "Hub and Spoke model",
           ((HUB, "Hub (not at a spoke)"),), columns=AUDIENCES, totals="both", controlled=False,
           row_dimension="model", column_title="Audience"),
    # Work with professionals and the local system
    _table("consultations", "local_system", "Consultations by agency and what followed",
           "Consultations held in the period (advice to a professional about a child who is not on the caseload, "
           "or not yet), by the type of the professional's agency (rows) and what followed (columns). About "
           "children: subject to disclosure control.", "Their agency", AgencyType.choices,
           columns=ConsultationOutcome.choices, totals="both", column_title="What followed"),
    _table("training_sessions", "local_system", "Training sessions delivered",
           "Training and awareness sessions held in the period. About professionals: not subject to disclosure "
           "control.", "Sessions", (("sessions", "Sessions delivered"),), controlled=False),
    _table("training_audience", "local_system", "Professionals and others trained",
           "People who attended training and awareness sessions held in the period, by audience (the numbers "
           "recorded for each session, added up: someone at two sessions counts twice). About professionals, "
           "parents and carers, not young people: not subject to disclosure control.", "Audience", AUDIENCES,
           controlled=False),
    _table("prevention_sessions", "local_system", "Prevention sessions",
           "Prevention and group sessions with young people held in the period, the young people who took part "
           "(added up over the sessions: a young person at two sessions counts twice), and the referrals made "
           "afterwards as recorded on each session. Each row is a different count. Counts young people: subject "
           "to disclosure control.", "Prevention",
           (("sessions", "Sessions"), ("reached", "Young people who took part"),
            ("follow_up_referrals", "Referrals made afterwards")), totals="none"),
    _table("prevention_reach_by_age", "local_system", "Young people in prevention sessions by age",
           "Young people who took part in prevention and group sessions held in the period, by age band, as "
           "counted at each session (added up over the sessions). Subject to disclosure control.", "Age",
           REACH_AGE_BANDS),
    _table("prevention_reach_by_gender", "local_system", "Young people in prevention sessions by gender",
           "Young people who took part in prevention and group sessions held in the period, by gender, as counted "
           "at each session (added up over the sessions). Subject to disclosure control.", "Gender",
           REACH_GENDERS),
    _table("system_meetings", "local_system", "Strategic and multi-agency meetings",
           "Strategic and multi-agency meetings held in the period (not meetings about one case, which are in "
           "Meetings and plans), by kind (rows) and the service's role in them (columns). About professionals: "
           "not subject to disclosure control.", "Meeting", SystemMeetingKind.choices, columns=MeetingRole.choices,
           totals="both", controlled=False, column_title="The service's role"),
    _table("system_meeting_outputs", "local_system", "What strategic meetings produced",
           "Strategic and multi-agency meetings held in the period, by each output recorded. A meeting can have "
           "several outputs, so the rows do not add up to the number of meetings. About professionals: not "
           "subject to disclosure control.", "Output",
           (*MeetingOutput.choices, ("none", "No output recorded")), totals="none", controlled=False),
    _table("challenges_raised", "local_system", "Challenges raised",
           "Challenges raised in the period: the service's challenges of another agency's decision or practice, "
           "and referrers' disputes of our triage decisions, by what they were about (rows) and the highest "
           "stage of the escalation protocol they had been raised at by the end of the period (columns). About "
           "children's cases: subject to disclosure control.", "About", CHALLENGE_ABOUT, columns=STAGES,
           totals="both", column_title="Stage reached"),
    _table("challenges_raised_agency", "local_system", "Challenges raised by the other agency",
           "Challenges raised in the period, by the type of the other agency, the one challenged or the referrer's "
           "(rows), and who challenged whom (columns). About children's cases: subject to disclosure control.",
           "The other agency", AgencyType.choices, columns=ChallengeDirection.choices, totals="both",
           column_title="Challenge"),
    _table("challenges_ended", "local_system", "Challenges ended",
           "Challenges that ended in the period, whenever they were raised, by how they ended (rows) and the "
           "highest stage they were raised at (columns). About children's cases: subject to disclosure control.",
           "Outcome", ENDINGS, columns=STAGES, totals="both", column_title="Stage reached"),
    _table("challenges_open_at_end", "local_system", "Challenges open at the end of the period",
           "Challenges raised by the end of the period and not ended by then, by the highest stage they had been "
           "raised at by then. About children's cases: subject to disclosure control.", "Stage", STAGES),
    # Young people's feedback
    _table("feedback_given", "participation", "Feedback given and declined",
           "Young people's feedback on their support given in the period, by how it was given, and the times they "
           "chose not to give it. Subject to disclosure control.", "Feedback",
           (*[(f"given_{key}", f"Given {label[:1].lower()}{label[1:]}") for key, label in FeedbackWay.choices
              if key != FeedbackWay.TOLD_WORKER], ("declined", "Declined")), totals="columns"),
    _table("feedback_answers", "participation", "Young people's answers",
           "Each question's answers over the feedback given in the period (declines not included), on the picture "
           "scale from 1 (No, not at all) to 5 (Yes, a lot), or left out. Each row adds up to the feedback given; "
           "columns do not add across questions. Subject to disclosure control.", "Question", QUESTIONS,
           columns=(*[(str(point), f"{point}. {words}") for point, words in SCALE], ("left_out", "Left out")),
           totals="none", column_title="Answer"),
    _table("feedback_rounds_at_end", "participation", "Feedback rounds at the end of the period",
           "Cases open at the end of the period's last day, by where their feedback round stood that day: answered "
           "(or declined) for the round then standing, due (fell due less than 28 days before), or overdue (28 days "
           "or more, and not yet replaced by the next round). Rounds fall due when a case opens and then every few "
           "weeks, as the service's setting says now. Subject to disclosure control.", "Round",
           (("done", "Answered or declined"), ("due", "Due"), ("overdue", "Overdue"))),
    _table("participation_activities", "participation", "Participation activities",
           "Participation activities held in the period, by their point on the spectrum of participation, from "
           "young people's say in their own plan to research. Counted at the hub. Not a count of young people: "
           "not subject to disclosure control.", "Point on the spectrum", ActivityKind.choices, controlled=False),
    _table("participation_young_people", "participation", "Young people taking part",
           "Young people (their cases) who took part in activities held in the period: by point on the spectrum, "
           "each young person once in each kind they took part in, so these rows do not add up; then each young "
           "person once: who took part in any activity, who gained an activity's accreditation, and who was paid "
           "expenses or a grant. Subject to disclosure control.", "Taking part",
           (*ActivityKind.choices, ("any", "Any activity"), ("accredited", "Gained accreditation"),
            ("paid", "Paid expenses or a grant")), totals="none"),
    _table("participation_outputs", "participation", "What young people made",
           "Outputs recorded for activities held in the period (leaflets, films, training and the rest), by kind. "
           "Counted at the hub. Not about young people: not subject to disclosure control.", "Output",
           OutputKind.choices, controlled=False),
    # 12. Staff
    _table("staff_posts", "staff", "Posts filled and vacant",
           "The service's funded posts in existence on the last day of the period, by whether they were filled "
           "or vacant that day.",
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
    MeasureDef("training_confidence", "local_system", "Participants' confidence, before and after training",
               "Over participants' anonymous feedback on training sessions held in the period (n is the number of "
               "answers): how confident they felt before and after the session, from 1 (not at all) to 5 (very). "
               "About professionals: not subject to disclosure control.", "points",
               rows=(("before", "Before the session"), ("after", "After the session")), controlled=False),
    MeasureDef("staff_fte", "staff", "Full-time equivalent of posts",
               "The full-time equivalent of the service's posts in existence on the last day of the period, filled "
               "or vacant that day (n is the number of posts).", "FTE",
               rows=(("filled", "Filled"), ("vacant", "Vacant")), controlled=False),
    MeasureDef("staff_vacancy_weeks", "staff", "Vacancy weeks per post",
               "Over the posts in existence at any time in the period: the sum is the days of the period on "
               "which each post was vacant, added up over the part's posts and divided by 7 (the part's vacancy "
               "weeks); n is the number of posts, so the mean is the vacancy weeks per post. A post that started "
               "or ended in the period counts only its days within it.", "weeks",
               controlled=False),
)

TABLE_BY_ID = {t.id: t for t in TABLES}
MEASURE_BY_ID = {m.id: m for m in MEASURES}
