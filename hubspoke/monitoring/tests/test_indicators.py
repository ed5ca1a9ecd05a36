"""The monitoring return's exact figures, from a small record built through the real actions
at known dates: April to June 2025 is the period (quarter 1 of a year starting in April)."""

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from hubspoke.assessments import actions as assessment_actions
from hubspoke.assessments import definition as tool_definition
from hubspoke.assessments.models import Assessment
from hubspoke.assessments.tests.tool_examples import SMALL
from hubspoke.cases import actions as case_actions
from hubspoke.cases.models import Contact
from hubspoke.cases.outcomes import AREA_IDS
from hubspoke.conftest import QueryCounter, referral_details
from hubspoke.monitoring import indicators
from hubspoke.network.models import Funder, LocalAuthority, Post, PostLocation
from hubspoke.referrals import actions as referral_actions
from hubspoke.referrals.models import (
    CareStatus,
    ConcernTag,
    DeclineReason,
    Gender,
    Pathway,
    Urgency,
    YoungPerson,
)

LONDON = ZoneInfo("Europe/London")
START, END = dt.date(2025, 4, 1), dt.date(2025, 6, 30)
ANSWERS = ("missing-overnight", "missing-often", "older-partner", "gifts", "disclosed-abuse", "exploited-friends",
           "trusted-adult")


def at(month, day, hour=10, minute=0, year=2025):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def travel(moment):
    return time_machine.travel(moment, tick=False)


def refer(world, when, *, service=None, name="Sam", **details):
    with travel(when):
        return referral_actions.submit_partner_referral(
            actor=world.partner_a, agency=world.police_a, service=service or world.service_a,
            submission_token=uuid.uuid4(),
            details=referral_details(subject_first_name=name, subject_last_name="Testcase", **details),
        )


def accept(world, referral, when, **kw):
    with travel(when):
        referral_actions.accept_referral(actor=world.manager_a, referral=referral, **kw)
    referral.refresh_from_db()
    return referral


def allocate(world, referral, when, worker=None):
    with travel(when):
        return case_actions.allocate_referral(actor=world.manager_a, referral=referral,
                                              worker=worker or world.worker_a)


def assess(world, person, on, *, judgement="", models=(), **answers):
    tool, _ = assessment_actions.import_tool(source=SMALL)
    with travel(at(on.month, on.day, 15, year=on.year)):
        a = assessment_actions.start_assessment(actor=world.worker_a, tool=tool, young_person=person)
        Assessment.objects.filter(pk=a.pk).update(answers={
            key: {"answer": answers.get(key.replace("-", "_"), "no"), "window": "", "note": ""} for key in ANSWERS})
        return assessment_actions.complete_assessment(
            actor=world.worker_a, assessment=a, assessed_on=on, judgement_level=judgement,
            judgement_rationale="Known to police." if judgement else "", young_persons_view="Fine.",
            models_of_cse=list(models))


def contact(world, case, when, **fields):
    with travel(when):
        return case_actions.record_contact(actor=world.worker_a, case=case, fields={"occurred_at": when, **fields})


def rate(world, case, on, rater, scores):
    with travel(at(on.month, on.day, 16, year=on.year)):
        case_actions.rate_outcomes(actor=world.worker_a, case=case, rated_on=on, occasion="review", rater=rater,
                                   scores=scores, personal_goals=[])


def all_areas(score, **overrides):
    return {area: overrides.get(area, score) for area in AREA_IDS}


def build(world):
    """The record the tests read. Times are UK local; the period is 1 April to 30 June 2025."""
    w = SimpleNamespace()
    northshire = LocalAuthority.objects.get(ons_code="E10000001")
    # Before the period: R1 opens case C1 at spoke A1, assessed high, rated at the start.
    r1 = accept(world, refer(world, at(3, 3), name="Casey"), at(3, 4), spoke=world.spoke_a1)
    w.c1 = allocate(world, r1, at(3, 5))
    w.yp1 = w.c1.young_person
    YoungPerson.objects.filter(pk=w.yp1.pk).update(ethnicity="white_british", learning_disability="yes")
    assess(world, w.yp1, dt.date(2025, 3, 10), missing_often="yes")  # high
    rate(world, w.c1, dt.date(2025, 3, 10), "young_person", all_areas(2))
    rate(world, w.c1, dt.date(2025, 3, 10), "worker", all_areas(3))

    # In the period.
    # R2: the first minute after midnight on 1 April (still 31 March in UTC); declined two
    # working days later.
    w.r2 = refer(world, at(4, 1, 0, 30), name="Robin", subject_date_of_birth=None, subject_estimated_age=15,
                 subject_gender="boy", subject_local_authority=northshire, pathway="education",
                 concern_tags=["online", "party"], urgency="routine")
    with travel(at(4, 3)):
        referral_actions.decline_referral(actor=world.manager_a, referral=w.r2, decline_reason="below_threshold",
                                          reason_for_referrer="Below our threshold.")
    # R3: information asked for, then accepted at the hub five working days after it came;
    # never allocated.
    w.r3 = refer(world, at(4, 10), name="Alex")
    with travel(at(4, 11)):
        referral_actions.request_information(actor=world.manager_a, referral=w.r3, information_requested="Age?",
                                             requested_from="PC Example", due_on=dt.date(2025, 4, 16))
    with travel(at(4, 14)):
        referral_actions.resolve_information_request(actor=world.manager_a, referral=w.r3, outcome="Answered.")
    accept(world, w.r3, at(4, 17))
    # R4: an 18-year-old self-referral accepted the same day at spoke A2, opening case C2 after
    # the early May bank holiday; never met.
    w.r4 = refer(world, at(5, 1, 9), name="Jo", pathway="self", subject_date_of_birth=dt.date(2007, 1, 1))
    accept(world, w.r4, at(5, 1, 11), spoke=world.spoke_a2)
    w.c2 = allocate(world, w.r4, at(5, 6), worker=world.manager_a)
    with travel(at(5, 12)):
        case_actions.record_missing_episode(actor=world.manager_a, case=w.c2, fields={
            "started_at": at(5, 10), "reported_to_police": False, "return_interview": "offered"})
        case_actions.record_meeting(actor=world.manager_a, case=w.c2, kind="strategy",
                                    held_on=dt.date(2025, 5, 12), agencies_present="Police", decisions="A plan.")
    # R5: Casey referred again, linked to her record, joining C1 a week later.
    w.r5 = accept(world, refer(world, at(5, 15), name="Casey"), at(5, 15, 11), spoke=world.spoke_a1,
                  young_person=w.yp1)
    allocate(world, w.r5, at(5, 22))
    # C1's work: first met on 2 April (outside its target), a phone call unanswered, a goal
    # achieved, a review judged medium (computed low), rated again, and closed.
    contact(world, w.c1, at(4, 2), method="face_to_face", location="school", outcome="attended",
            present=["young_person"])
    contact(world, w.c1, at(4, 3), method="phone", outcome="did_not_attend")
    with travel(at(4, 20)):
        goal = case_actions.add_goal(actor=world.worker_a, case=w.c1, element="engagement", goal="Meet weekly")
    with travel(at(5, 1)):
        case_actions.update_goal(actor=world.worker_a, goal=goal, status="achieved", agreement="agreed",
                                 young_persons_comments="")
    assess(world, w.yp1, dt.date(2025, 5, 20), judgement="medium", models=["boyfriend", "online_element"])
    rate(world, w.c1, dt.date(2025, 6, 10), "young_person", all_areas(4, safe=1))
    rate(world, w.c1, dt.date(2025, 6, 10), "worker", all_areas(3))
    with travel(at(6, 12)):
        case_actions.close_case(actor=world.worker_a, case=w.c1, reason="outcomes_achieved", summary="Done.",
                                engagement="fully", outcomes_achieved="most")
    # Service B: just after midnight on 1 April (in) and on 1 July (out).
    w.r6 = refer(world, at(4, 1, 0, 30), service=world.service_b, name="Kim")
    w.r7 = refer(world, at(7, 1, 0, 30), service=world.service_b, name="Lee")
    # After the period: C2's first contact.
    contact(world, w.c2, at(7, 2), method="face_to_face", location="home", outcome="attended",
            present=["young_person"])
    Post.objects.create(service=world.service_a, title="Hub worker", fte="0.5", location=PostLocation.HUB,
                        funder=Funder.objects.get(), holder=None)
    return w


@pytest.fixture
def record(world):
    return build(world)


@pytest.fixture
def result(world, record):
    return indicators.compute([world.service_a, world.service_b], START, END)


def nonzero(rows):
    return {key: {c: n for c, n in cells.items() if n} for key, cells in rows.items() if any(cells.values())}


def counts(rows, col="count"):
    return {key: cells[col] for key, cells in rows.items() if cells[col]}


def test_referrals_received_in_the_period_by_pathway_age_and_who_they_are(world, result):
    t = result[world.service_a.pk]["total"]["tables"]
    assert counts(t["referrals_by_pathway"]) == {"education": 1, "police": 2, "self": 1}
    assert counts(t["referrals_by_age"]) == {"12_13": 2, "14_15": 1, "18_25": 1}
    assert counts(t["referrals_by_gender"]) == {"girl": 3, "boy": 1}
    assert counts(t["referrals_by_ethnicity"]) == {"white": 1, "not_known": 2, "not_linked": 1}
    assert counts(t["referrals_learning_disability"]) == {"yes": 1, "not_known": 3}
    assert counts(t["referrals_disability"]) == {"not_known": 4}
    assert counts(t["referrals_by_care_status"]) == {"not_known": 3, "not_linked": 1}
    assert counts(t["referrals_by_local_authority"]) == {"E10000001": 1, "not_known": 3}
    assert counts(t["referrals_by_urgency"]) == {"routine": 1, "urgent": 3}
    assert counts(t["referrals_repeat"]) == {"repeat": 1, "first": 2, "not_linked": 1}
    assert counts(t["referrals_by_concern"]) == {"boyfriend": 3, "online": 1, "party": 1}
    # Service B: the referral at 00:30 on 1 April counts (local date), the one at 00:30 on 1
    # July does not, though both were the day before in UTC.
    assert counts(result[world.service_b.pk]["total"]["tables"]["referrals_by_pathway"]) == {"police": 1}


def test_triage_decisions_and_time_to_decision_in_working_days(world, result):
    total = result[world.service_a.pk]["total"]
    t = total["tables"]
    assert counts(t["decisions_by_kind"]) == {"accepted": 3, "declined": 1, "information_requested": 1}
    assert counts(t["triage_decline_reasons"]) == {"below_threshold": 1}
    # R2 two working days, R3 five (10 to 17 April), R4 and R5 the same day.
    assert counts(t["triage_time_to_decision"]) == {"0": 2, "2": 1, "4_5": 1}
    assert counts(t["triage_decision_target"]) == {"within": 3, "outside": 1}
    assert total["measures"]["triage_working_days_to_decision"]["all"] == {"sum": 7.0, "n": 4}


def test_waiting_for_allocation_and_still_waiting_at_the_end(world, result):
    total = result[world.service_a.pk]["total"]
    # R4 waited 5 days (1 to 6 May), R5 7 days; R3 has waited since 17 April: 74 days.
    assert counts(total["tables"]["waiting_time_to_allocation"]) == {"1_7": 2}
    assert total["measures"]["waiting_days_to_allocation"]["all"] == {"sum": 12.0, "n": 2}
    assert counts(total["tables"]["waiting_at_period_end"]) == {"57_91": 1}
    assert counts(result[world.service_a.pk]["parts"]["hub"]["tables"]["waiting_at_period_end"]) == {"57_91": 1}


def test_cases_open_opened_closed_and_first_contact(world, result):
    total = result[world.service_a.pk]["total"]
    t = total["tables"]
    flow = counts(t["case_flow"])
    assert flow == {"open_at_start": 1, "opened": 1, "closed": 1, "open_at_end": 1}
    assert flow["open_at_start"] + flow["opened"] + t["case_flow"]["reopened"]["count"] - flow["closed"] == (
        flow["open_at_end"])
    assert counts(t["closures_by_reason"]) == {"outcomes_achieved": 1}
    # C1 accepted on 4 March, due by 18 March, first met on 2 April: 21 working days.
    assert counts(t["cases_first_contact"]) == {"outside": 1}
    assert total["measures"]["cases_working_days_to_first_contact"]["all"] == {"sum": 21.0, "n": 1}
    # C2 (due 16 May) had still not been met at the end of June.
    assert counts(t["cases_awaiting_first_contact"]) == {"overdue": 1}


def test_risk_levels_judgement_and_movement_of_closed_cases(world, result):
    t = result[world.service_a.pk]["total"]["tables"]
    assert counts(t["risk_level_open_at_end"]) == {"not_assessed": 1}  # C2; C1 closed
    assert nonzero(t["risk_assessments_completed"]) == {"medium": {"assessment": 1}}
    assert counts(t["risk_judgement"]) == {"higher": 1}
    # C1: first high (March), latest medium (May): one step lower.
    assert nonzero(t["risk_movement_closed"]) == {"high": {"medium": 1}}
    assert set(t["risk_movement_closed"]["high"]) == {"low", "medium", "high", "not_assessed"}
    assert counts(t["risk_direction_closed"]) == {"improved": 1}
    assert counts(t["cse_models"]) == {"boyfriend": 1, "online_element": 1}
    assert counts(t["cse_online"]) == {"online": 1}


def test_outcome_change_of_closed_cases_by_rater_and_what_works(world, result):
    total = result[world.service_a.pk]["total"]
    t, m = total["tables"], total["measures"]
    assert nonzero(t["outcomes_ratings_closed"]) == {"young_person": {"two_or_more": 1}, "worker": {"two_or_more": 1}}
    assert nonzero(t["outcomes_young_person"]) == {
        **{area: {"improved": 1} for area in AREA_IDS if area != "safe"}, "safe": {"worse": 1}}
    assert nonzero(t["outcomes_worker"]) == {area: {"same": 1} for area in AREA_IDS}
    assert m["outcomes_change_young_person"]["trust"] == {"sum": 2.0, "n": 1}
    assert m["outcomes_change_young_person"]["safe"] == {"sum": -1.0, "n": 1}
    assert m["outcomes_change_worker"]["trust"] == {"sum": 0.0, "n": 1}
    # What works: C1 at spoke A1 (model 1, hosted by police), referred by police, 13 when it
    # opened, a girl with a learning disability.
    for table, row in (("model", "model_1"), ("host", "police"), ("pathway", "police"), ("age", "12_13"),
                       ("gender", "girl"), ("ld_autism", "yes")):
        assert nonzero(t[f"what_works_risk_{table}"]) == {row: {"improved": 1}}
        assert nonzero(t[f"what_works_outcome_{table}"]) == {row: {"improved": 1}}
        assert m[f"what_works_outcome_change_{table}"][row] == pytest.approx({"sum": (6 * 2 - 1) / 7, "n": 1})
    assert t["what_works_risk_model"]["hub"] == {"improved": 0, "same": 0, "worse": 0, "not_comparable": 0}


def test_contacts_missing_meetings_goals_and_staff(world, result):
    total = result[world.service_a.pk]["total"]
    t, m = total["tables"], total["measures"]
    assert nonzero(t["contacts_by_method"]) == {"face_to_face": {"reached": 1}, "phone": {"not_reached": 1}}
    assert counts(t["contacts_by_location"]) == {"school": 1, "not_recorded": 1}  # C2's July visit home is outside
    assert m["contacts_per_case"]["all"] == {"sum": 2.0, "n": 2}  # two contacts over C1 and C2
    assert nonzero(t["missing_episodes"]) == {"offered": {"not_reported": 1}}
    assert counts(t["missing_cases"]) == {"cases": 1}
    assert counts(t["meetings_kind"]) == {"strategy": 1}
    assert nonzero(t["plan_goals"]) == {"engagement": {"achieved": 1}}
    assert counts(t["staff_posts"]) == {"filled": 2, "vacant": 1}
    assert m["staff_fte"] == {"filled": {"sum": 2.0, "n": 2}, "vacant": {"sum": 0.5, "n": 1}}


def test_each_part_holds_its_own_records_and_the_total_is_their_sum(world, result):
    service = result[world.service_a.pk]
    parts = service["parts"]
    a1, a2 = str(world.spoke_a1.uuid), str(world.spoke_a2.uuid)
    assert set(parts) == {"hub", a1, a2}
    assert counts(parts["hub"]["tables"]["referrals_by_pathway"]) == {"education": 1, "police": 1}  # R2, R3
    assert counts(parts[a1]["tables"]["referrals_by_pathway"]) == {"police": 1}  # R5
    assert counts(parts[a2]["tables"]["referrals_by_pathway"]) == {"self": 1}  # R4
    assert counts(parts["hub"]["tables"]["decisions_by_kind"]) == {"declined": 1, "information_requested": 1,
                                                                   "accepted": 1}
    assert counts(parts[a1]["tables"]["case_flow"]) == {"open_at_start": 1, "closed": 1}
    assert counts(parts[a2]["tables"]["case_flow"]) == {"opened": 1, "open_at_end": 1}
    assert counts(parts[a2]["tables"]["missing_cases"]) == {"cases": 1}
    assert counts(parts["hub"]["tables"]["staff_posts"]) == {"filled": 1, "vacant": 1}
    assert service["total"] == indicators.add(*parts.values())
    # Service B's spoke has nothing, and is still a part.
    assert set(result[world.service_b.pk]["parts"]) == {"hub", str(world.spoke_b1.uuid)}
    assert result[world.service_b.pk]["parts"][str(world.spoke_b1.uuid)] == indicators.empty()


def test_nothing_outside_the_period_counts(world, record):
    # The next quarter: only R7, C2's July visit and the cases still open.
    later = indicators.compute([world.service_a, world.service_b], dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    a, b = later[world.service_a.pk]["total"]["tables"], later[world.service_b.pk]["total"]["tables"]
    assert counts(a["referrals_by_pathway"]) == {}
    assert counts(b["referrals_by_pathway"]) == {"police": 1}
    assert counts(a["case_flow"]) == {"open_at_start": 1, "open_at_end": 1}
    assert nonzero(a["contacts_by_method"]) == {"face_to_face": {"reached": 1}}
    assert counts(a["cases_first_contact"]) == {"outside": 1}  # C2, met on 2 July
    assert counts(a["risk_direction_closed"]) == {}
    # Before the spokes existed: nothing but the posts (without a start date: from before records
    # began), so spoke A1, which holds one, is a part and spoke A2 is not.
    before = indicators.compute([world.service_a], dt.date(2024, 1, 1), dt.date(2024, 3, 31))[world.service_a.pk]
    assert set(before["parts"]) == {"hub", str(world.spoke_a1.uuid)}
    staff = {d.id for d in (*indicators.TABLES, *indicators.MEASURES) if d.section == "staff"}
    figures = {**before["total"], "tables": {k: v for k, v in before["total"]["tables"].items() if k not in staff},
               "measures": {k: v for k, v in before["total"]["measures"].items() if k not in staff}}
    assert all(not nonzero(rows) for rows in figures["tables"].values())
    assert all(v["n"] == 0 for rows in figures["measures"].values() for v in rows.values())


def test_a_case_reopened_in_the_period_leaves_the_closed_cohort_and_a_moved_case_counts_where_it_is(world, record):
    with travel(at(6, 20)):
        case_actions.reopen_case(actor=world.manager_a, case=record.c1, reason="Referred again.",
                                 worker=world.worker_a)
    with travel(at(8, 1)):  # C2 moves from spoke A2 to spoke A1 after the period
        transfer = case_actions.request_transfer(actor=world.manager_a, case=record.c2, to_service=world.service_a,
                                                 to_spoke=world.spoke_a1, handover_summary="Closer to home.")
        case_actions.accept_transfer(actor=world.manager_a, transfer=transfer, worker=world.worker_a)
    service = indicators.compute([world.service_a], START, END)[world.service_a.pk]
    t = service["total"]["tables"]
    assert counts(t["case_flow"]) == {"open_at_start": 1, "opened": 1, "closed": 1, "reopened": 1, "open_at_end": 2}
    assert counts(t["closures_by_reason"]) == {"outcomes_achieved": 1}  # the closing still counts
    assert counts(t["risk_direction_closed"]) == {}  # but C1 is open again: no outcome yet
    assert counts(t["outcomes_ratings_closed"], "two_or_more") == {}
    assert counts(t["risk_level_open_at_end"]) == {"medium": 1, "not_assessed": 1}
    a1, a2 = (service["parts"][str(s.uuid)]["tables"] for s in (world.spoke_a1, world.spoke_a2))
    assert counts(a1["case_flow"]) == {"open_at_start": 1, "opened": 1, "closed": 1, "reopened": 1,
                                        "open_at_end": 2}
    assert counts(a1["missing_cases"]) == {"cases": 1}
    assert counts(a2["case_flow"]) == {} and counts(a2["missing_cases"]) == {}
    assert counts(a2["referrals_by_pathway"]) == {"self": 1}  # R4 itself stays where it was accepted


def test_every_static_row_and_column_is_present_with_zeros(world, result):
    for service in result.values():
        for figures in (service["total"], *service["parts"].values()):
            for table in indicators.TABLES:
                rows = figures["tables"][table.id]
                for row, _ in table.rows:
                    assert {c for c, _ in table.columns} <= set(rows[row]), (table.id, row)
                assert len({frozenset(cells) for cells in rows.values()}) <= 1, table.id  # square
            for measure in indicators.MEASURES:
                assert {r for r, _ in measure.rows} <= set(figures["measures"][measure.id])
    hub_b = result[world.service_b.pk]["parts"]["hub"]["tables"]
    assert hub_b["referrals_by_pathway"]["health_gp"] == {"count": 0}
    assert hub_b["contacts_by_method"]["video"] == {"reached": 0, "not_reached": 0}
    # Static rows follow the record's own choices.
    for table_id, choices in (("referrals_by_pathway", Pathway), ("referrals_by_gender", Gender),
                              ("referrals_by_urgency", Urgency), ("triage_decline_reasons", DeclineReason)):
        assert [k for k, _ in indicators.TABLE_BY_ID[table_id].rows] == list(choices.values)
    assert set(CareStatus.values) < set(hub_b["referrals_by_care_status"])
    assert set(ConcernTag.values) < set(hub_b["referrals_by_concern"])


def test_figures_are_json_and_add_unions_rows_from_the_data(world, result):
    for service in result.values():
        assert json.loads(json.dumps(service)) == service
    one, two = indicators.empty(), indicators.empty()
    one["tables"]["referrals_by_local_authority"]["E10000001"] = {"count": 2}
    two["tables"]["referrals_by_local_authority"]["E10000002"] = {"count": 3}
    two["tables"]["referrals_by_local_authority"]["not_known"] = {"count": 1}
    # Another tool's levels come as rows and columns from the data.
    one["tables"]["risk_movement_closed"]["amber"] = {"low": 0, "medium": 0, "high": 0, "not_assessed": 0, "red": 1}
    two["tables"]["risk_movement_closed"]["red"] = {"low": 0, "medium": 0, "high": 0, "not_assessed": 0, "green": 2}
    two["measures"]["what_works_outcome_change_model"]["model_2"] = {"sum": 1.5, "n": 2}
    total = indicators.add(one, two, indicators.empty())
    assert counts(total["tables"]["referrals_by_local_authority"]) == {"E10000001": 2, "E10000002": 3, "not_known": 1}
    movement = total["tables"]["risk_movement_closed"]
    assert set(movement) == {"low", "medium", "high", "not_assessed", "amber", "red"}
    assert all(set(cells) == {"low", "medium", "high", "not_assessed", "red", "green"} for cells in movement.values())
    assert (movement["amber"]["red"], movement["red"]["green"], movement["high"]["red"]) == (1, 2, 0)
    assert total["measures"]["what_works_outcome_change_model"]["model_2"] == {"sum": 1.5, "n": 2}
    assert indicators.add() == indicators.empty()
    programme = indicators.add(*(service["total"] for service in result.values()))
    assert counts(programme["tables"]["referrals_by_pathway"]) == {"education": 1, "police": 3, "self": 1}


def test_labels_for_rows_from_the_data(world, result):
    figures = result[world.service_a.pk]["total"]
    figures["tables"]["risk_level_open_at_end"]["very_high"] = {"count": 1}  # as another tool would give
    with QueryCounter() as queries:
        labels = indicators.dynamic_labels(figures, programme=world.programme)
    assert queries.count == 3
    table = indicators.TABLE_BY_ID
    assert indicators.row_label(table["referrals_by_local_authority"], "E10000001", labels) == "Northshire"
    assert indicators.row_label(table["referrals_by_local_authority"], "not_known", labels) == "Not known"
    assert indicators.row_label(table["risk_movement_closed"], "high") == "High"
    assert indicators.column_label(table["risk_movement_closed"], "medium") == "Medium"
    assert indicators.row_label(table["risk_level_open_at_end"], "very_high", labels) == "Very high"  # no tool has it
    assert indicators.row_label(table["what_works_risk_model"], "model_1", labels) == "Model 1: Co-located"
    assert indicators.row_label(table["what_works_risk_model"], "model_7") == "Model 7"
    assert indicators.row_label(indicators.MEASURE_BY_ID["outcomes_change_worker"], "safe") == "Feeling safe"


def test_the_query_count_does_not_grow_with_services_or_records(world):
    with QueryCounter() as small:
        indicators.compute([world.service_a], START, END)
    w = build(world)
    Contact.objects.bulk_create(
        Contact(case=w.c2, occurred_at=at(5, 7 + n % 20), method="outreach", location="public",
                outcome="did_not_attend", recorded_at=at(5, 28), recorded_by=world.worker_a)
        for n in range(60))
    with QueryCounter() as large:
        result = indicators.compute([world.service_a, world.service_b], START, END)
    assert result[world.service_a.pk]["total"]["tables"]["contacts_by_method"]["outreach"]["not_reached"] == 60
    assert small.count == large.count, f"{small.count} then {large.count}:\n{large.sql()}"
    # 31 now: 20 for the young people's records and posts, 6 for the work with professionals and
    # the local system (one a kind, and one more for training feedback), 2 for young people's
    # feedback (given in the period; each open case's round at its end), 3 for participation
    # activities (the activities, their outputs, who took part).
    assert large.count <= 31, f"{large.count}:\n{large.sql()}"


def test_the_static_risk_levels_are_those_of_hubspokes_own_tools():
    for path in tool_definition.builtin_tool_files():
        levels = tool_definition.check(path.read_text())["levels"]
        assert tuple((level["id"], level["label"]) for level in levels) == indicators.RISK_LEVELS, path.name


def test_the_data_dictionary_documents_every_table_and_measure():
    doc = (Path(settings.BASE_DIR) / "docs" / "monitoring-return.md").read_text()
    for definition in (*indicators.TABLES, *indicators.MEASURES):
        assert f"`{definition.id}`" in doc, definition.id
    generated = re.search(r"<!-- generated: start -->\n(.*)<!-- generated: end -->", doc, re.S)
    assert generated, "docs/monitoring-return.md has lost its generated block"
    assert generated.group(1) == indicators.dictionary_markdown(), (
        "The data dictionary is out of step with hubspoke/monitoring/indicators/tables.py: replace the generated block "
        "with indicators.dictionary_markdown()")
    assert {t.section for t in indicators.TABLES} | {m.section for m in indicators.MEASURES} == {
        s for s, _ in indicators.SECTIONS} == set(indicators.SECTION_RULES)
    assert len({d.id for d in (*indicators.TABLES, *indicators.MEASURES)}) == len(indicators.TABLES) + len(
        indicators.MEASURES)
