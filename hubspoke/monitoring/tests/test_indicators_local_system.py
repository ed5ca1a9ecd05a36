"""The return's figures for the work with professionals and the local system, from a small
record made through the engagement actions at the hub and at spokes, inside and outside the
period (April to June 2025). Everything is recorded on 20 July 2025, as the actions refuse
dates in the future."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from hubspoke.conftest import QueryCounter
from hubspoke.engagement import actions
from hubspoke.engagement.models import AGE_BANDS, AUDIENCES, GENDERS
from hubspoke.lib import disclosure
from hubspoke.monitoring import dashboard, indicators, report

START, END = dt.date(2025, 4, 1), dt.date(2025, 6, 30)
RECORDED = dt.datetime(2025, 7, 20, 10, tzinfo=ZoneInfo("Europe/London"))
SECTION = "local_system"
RULE = disclosure.Rule(suppress_max=7, round_to=5, percent_min_denominator=20, measure_min_n=10)


def d(month, day, year=2025):
    return dt.date(year, month, day)


def hub(service):
    return str(service.uuid)


def spoke(s):
    return f"{s.service.uuid}:{s.uuid}"


def consult(actor, place, on, agency_type, outcome, **kw):
    return actions.record_consultation(actor=actor, place=place, held_on=on, agency_type=agency_type, method="phone",
                                       concern="A pupil with older friends", outcome=outcome, **kw)


def train(actor, place, on, **audience):
    return actions.record_training(actor=actor, place=place, held_on=on, topic="Spotting exploitation", minutes=90,
                                   attended=sum(audience.values()), audience=audience, feedback_until=d(8, 31))


def prevent(actor, place, on, *, ages, genders, follow=0):
    return actions.record_prevention(actor=actor, place=place, held_on=on, setting="school", setting_name="High School",
                                     format="lesson", topics=["consent"], minutes=50, reached=sum(ages.values()),
                                     ages=ages, genders=genders, follow_up_referrals=follow)


def meet(actor, place, on, kind, role, outputs=()):
    return actions.record_meeting(actor=actor, place=place, held_on=on, kind=kind, title="Northshire MACE", role=role,
                                  outputs=list(outputs))


def challenge(actor, place, on, about, agency_type, stage=1):
    direction = "of_service" if about == "triage" else "by_service"
    return actions.record_challenge(actor=actor, place=place, held_on=on, direction=direction, about=about,
                                    agency_type=agency_type, issue="The decision left the risk unchanged.",
                                    raised_with="Team manager", stage=stage)


def escalate(actor, found, stage, on):
    actions.escalate(actor=actor, challenge=found, stage=stage, raised_on=on, raised_with="Head of service")


def end(actor, found, outcome, on):
    actions.end_challenge(actor=actor, challenge=found, outcome=outcome, ended_on=on)


def build(world):
    """The record the tests read: ``m`` is service A's manager, ``w`` the worker at spoke A1."""
    m, w = world.manager_a, world.worker_a
    a_hub, a1, a2 = hub(world.service_a), spoke(world.spoke_a1), spoke(world.spoke_a2)
    r = SimpleNamespace()
    with time_machine.travel(RECORDED, tick=False):
        # Consultations: two at spoke A1 (the last one on the period's last day), one at the hub;
        # one the day before the period and one the day after.
        consult(m, a_hub, d(4, 10), "education", "advice_only")
        consult(w, a1, d(5, 2), "police", "signposted", signposted_to="Youth service")
        consult(w, a1, d(6, 30), "police", "referral_expected")
        consult(m, a_hub, d(3, 31), "education", "advice_only")
        consult(m, a_hub, d(7, 1), "health_camhs", "advice_only")
        # Training: one at the hub (two answers), one from spoke A2 (one answer), one before and
        # one after the period (whose answer does not count).
        t1 = train(m, a_hub, d(4, 15), police=5, education=3)
        t2 = train(m, a2, d(6, 1), licensed_trades=10, parents_carers=2)
        t3 = train(m, a_hub, d(7, 5), other=4)
        train(w, a1, d(3, 20), health=6)
        for session, before, after in ((t1, 2, 4), (t1, 3, 5), (t2, 1, 3), (t3, 5, 5)):
            actions.give_feedback(session=session, confidence_before=before, confidence_after=after)
        # Prevention: one at spoke A1, one at the hub, one after the period.
        prevent(w, a1, d(5, 20), ages={"age_11_13": 20, "age_14_15": 10},
                genders={"girls": 16, "boys": 13, "gender_not_known": 1}, follow=2)
        prevent(m, a_hub, d(6, 10), ages={"age_16_17": 5}, genders={"girls": 4, "gender_other": 1})
        prevent(m, a_hub, d(7, 2), ages={"age_not_known": 10}, genders={"gender_not_known": 10}, follow=1)
        # Meetings: two alike at the hub (counted together in SQL), one at spoke A1, one before.
        meet(m, a_hub, d(4, 22), "exploitation_panel", "member", ["problem_profile", "disruption"])
        meet(m, a_hub, d(5, 22), "exploitation_panel", "member", ["disruption", "problem_profile"])
        meet(w, a1, d(6, 5), "strategy", "chair")
        meet(m, a_hub, d(3, 1), "missing", "observed", ["pathway"])
        # Challenges.
        r.x1 = challenge(m, a_hub, d(3, 10), "case_closed", "childrens_social_care")  # before; ended in it
        escalate(m, r.x1, 2, d(4, 5))
        end(m, r.x1, "changed", d(5, 1))
        r.x2 = challenge(w, a1, d(4, 8), "screened_out", "police")  # at the police-hosted spoke; open
        escalate(w, r.x2, 3, d(6, 20))
        r.x3 = challenge(m, a_hub, d(5, 12), "triage", "education")  # a referrer's dispute, explained
        end(m, r.x3, "explained", d(6, 2))
        r.x4 = challenge(m, a2, d(6, 15), "childs_plan", "childrens_social_care", stage=2)  # escalated after
        escalate(m, r.x4, 4, d(7, 10))
        r.x5 = challenge(m, a_hub, d(2, 1), "other_practice", "housing")  # before, still open
        r.x6 = challenge(m, a_hub, d(1, 20), "other_practice", "housing")  # before, ended before
        end(m, r.x6, "withdrawn", d(3, 15))
        r.x7 = challenge(m, a_hub, d(6, 25), "other_practice", "health_other")  # ends after the period
        end(m, r.x7, "not_changed", d(7, 3))
        # Service B's hub: its own figures only.
        consult(world.outsider, hub(world.service_b), d(5, 5), "youth_justice", "advice_only")
    return r


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


def parts_of(world, result):
    parts = result[world.service_a.pk]["parts"]
    return parts["hub"], parts[str(world.spoke_a1.uuid)], parts[str(world.spoke_a2.uuid)]


def test_consultations_by_agency_and_what_followed(world, result):
    t = result[world.service_a.pk]["total"]["tables"]
    assert nonzero(t["consultations"]) == {"education": {"advice_only": 1},
                                           "police": {"signposted": 1, "referral_expected": 1}}
    hub_, a1, a2 = parts_of(world, result)
    assert nonzero(hub_["tables"]["consultations"]) == {"education": {"advice_only": 1}}
    assert nonzero(a1["tables"]["consultations"]) == {"police": {"signposted": 1, "referral_expected": 1}}
    assert nonzero(a2["tables"]["consultations"]) == {}
    b = result[world.service_b.pk]["total"]["tables"]
    assert nonzero(b["consultations"]) == {"youth_justice": {"advice_only": 1}}


def test_training_sessions_audiences_and_feedback(world, result):
    total = result[world.service_a.pk]["total"]
    t, m = total["tables"], total["measures"]
    assert counts(t["training_sessions"]) == {"sessions": 2}
    assert counts(t["training_audience"]) == {"police": 5, "education": 3, "licensed_trades": 10, "parents_carers": 2}
    assert [k for k, _ in indicators.TABLE_BY_ID["training_audience"].rows] == [k for k, _ in AUDIENCES]
    # Three answers about the two sessions in the period; the July session's answer is not counted.
    assert m["training_confidence"] == {"before": {"sum": 6.0, "n": 3}, "after": {"sum": 12.0, "n": 3}}
    hub_, a1, a2 = parts_of(world, result)
    assert counts(hub_["tables"]["training_audience"]) == {"police": 5, "education": 3}
    assert hub_["measures"]["training_confidence"] == {"before": {"sum": 5.0, "n": 2}, "after": {"sum": 9.0, "n": 2}}
    assert counts(a2["tables"]["training_sessions"]) == {"sessions": 1}
    assert a2["measures"]["training_confidence"]["after"] == {"sum": 3.0, "n": 1}
    assert counts(a1["tables"]["training_sessions"]) == {}  # its session was in March


def test_prevention_sessions_and_the_young_people_in_them(world, result):
    t = result[world.service_a.pk]["total"]["tables"]
    assert counts(t["prevention_sessions"]) == {"sessions": 2, "reached": 35, "follow_up_referrals": 2}
    assert counts(t["prevention_reach_by_age"]) == {"age_11_13": 20, "age_14_15": 10, "age_16_17": 5}
    assert counts(t["prevention_reach_by_gender"]) == {"girls": 20, "boys": 13, "gender_other": 1,
                                                       "gender_not_known": 1}
    assert [k for k, _ in indicators.TABLE_BY_ID["prevention_reach_by_age"].rows] == [k for k, _ in AGE_BANDS]
    assert [k for k, _ in indicators.TABLE_BY_ID["prevention_reach_by_gender"].rows] == [k for k, _ in GENDERS]
    hub_, a1, _ = parts_of(world, result)
    assert counts(a1["tables"]["prevention_sessions"]) == {"sessions": 1, "reached": 30, "follow_up_referrals": 2}
    assert counts(hub_["tables"]["prevention_reach_by_age"]) == {"age_16_17": 5}


def test_strategic_meetings_by_kind_and_role_and_their_outputs(world, result):
    t = result[world.service_a.pk]["total"]["tables"]
    assert nonzero(t["system_meetings"]) == {"exploitation_panel": {"member": 2}, "strategy": {"chair": 1}}
    assert counts(t["system_meeting_outputs"]) == {"problem_profile": 2, "disruption": 2, "none": 1}
    hub_, a1, _ = parts_of(world, result)
    assert counts(a1["tables"]["system_meeting_outputs"]) == {"none": 1}
    assert nonzero(hub_["tables"]["system_meetings"]) == {"exploitation_panel": {"member": 2}}


def test_challenges_raised_ended_and_open_at_the_end_with_the_stage_reached_by_then(world, result):
    t = result[world.service_a.pk]["total"]["tables"]
    # X4 was escalated to the partnership in July: in June's figures it is still at stage 2.
    assert nonzero(t["challenges_raised"]) == {"screened_out": {"stage_3": 1}, "triage": {"stage_1": 1},
                                               "childs_plan": {"stage_2": 1}, "other_practice": {"stage_1": 1}}
    assert nonzero(t["challenges_raised_agency"]) == {
        "police": {"by_service": 1}, "education": {"of_service": 1}, "childrens_social_care": {"by_service": 1},
        "health_other": {"by_service": 1}}
    # X1 (raised in March) and X3 ended in the period; X6 ended before it, X7 after it.
    assert nonzero(t["challenges_ended"]) == {"changed": {"stage_2": 1}, "explained": {"stage_1": 1}}
    assert counts(t["challenges_open_at_end"]) == {"stage_1": 2, "stage_2": 1, "stage_3": 1}  # X5, X7; X4; X2
    hub_, a1, a2 = parts_of(world, result)
    assert nonzero(a1["tables"]["challenges_raised"]) == {"screened_out": {"stage_3": 1}}
    assert counts(a2["tables"]["challenges_open_at_end"]) == {"stage_2": 1}
    assert nonzero(hub_["tables"]["challenges_ended"]) == {"changed": {"stage_2": 1}, "explained": {"stage_1": 1}}
    assert counts(hub_["tables"]["challenges_open_at_end"]) == {"stage_1": 2}


def test_what_works_cuts_challenges_by_host_agency_and_people_trained_by_model(world, result):
    t = result[world.service_a.pk]["total"]["tables"]
    # Spoke A1 is hosted by the police; spoke A2 has no fixed base; both are model 1.
    assert nonzero(t["what_works_challenges_host"]) == {
        "police": {"by_service": 1}, "hub": {"of_service": 1, "by_service": 1}, "no_fixed_base": {"by_service": 1}}
    assert nonzero(t["what_works_trained_model"]) == {"hub": {"police": 5, "education": 3},
                                                      "model_1": {"licensed_trades": 10, "parents_carers": 2}}
    what_works = next(s for s in report.build(result[world.service_a.pk]["total"], RULE) if s.id == "what_works")
    shown = {table.id: table for table in what_works.tables}
    assert {"what_works_challenges_host", "what_works_trained_model"} <= set(shown)
    assert shown["what_works_trained_model"].controlled is False
    assert shown["what_works_trained_model"].grand_total == 20  # exact: not about young people
    assert shown["what_works_challenges_host"].controlled is True


def test_the_headline_of_people_trained(world, result):
    [trained] = [h for h in dashboard.HEADLINES if h.id == "trained"]
    values = dashboard.headline_values(result[world.service_a.pk])
    assert values["total"]["trained"] == 20
    assert values["parts"]["hub"]["trained"] == 8 and values["parts"][str(world.spoke_a2.uuid)]["trained"] == 12
    assert dashboard.controlled(trained) is False
    assert dashboard.controlled(next(h for h in dashboard.HEADLINES if h.id == "referrals")) is True


def test_each_total_is_the_sum_of_its_parts_and_nothing_outside_the_period_counts(world, record, result):
    for service in result.values():
        assert service["total"] == indicators.add(*service["parts"].values())
    # The next quarter: the July records, and what was still open.
    later = indicators.compute([world.service_a], d(7, 1), d(9, 30))[world.service_a.pk]["total"]
    t, m = later["tables"], later["measures"]
    assert nonzero(t["consultations"]) == {"health_camhs": {"advice_only": 1}}
    assert counts(t["training_audience"]) == {"other": 4}
    assert m["training_confidence"]["before"] == {"sum": 5.0, "n": 1}
    assert counts(t["prevention_sessions"]) == {"sessions": 1, "reached": 10, "follow_up_referrals": 1}
    assert counts(t["system_meeting_outputs"]) == {}
    assert nonzero(t["challenges_raised"]) == {}
    assert nonzero(t["challenges_ended"]) == {"not_changed": {"stage_1": 1}}  # X7
    assert counts(t["challenges_open_at_end"]) == {"stage_1": 1, "stage_3": 1, "stage_4": 1}  # X5, X2, X4
    # The quarter before: X1 was still at its first stage at the end of March.
    before = indicators.compute([world.service_a], d(1, 1), d(3, 31))[world.service_a.pk]["total"]["tables"]
    assert nonzero(before["challenges_raised"]) == {"case_closed": {"stage_1": 1}, "other_practice": {"stage_1": 2}}
    assert nonzero(before["challenges_ended"]) == {"withdrawn": {"stage_1": 1}}
    assert counts(before["challenges_open_at_end"]) == {"stage_1": 2}  # X1, X5
    assert counts(before["consultations"], "advice_only") == {"education": 1}
    assert counts(before["training_audience"]) == {"health": 6}


def test_what_is_about_children_is_controlled_and_each_description_says_so(world, result):
    tables = [t for t in indicators.TABLES
              if t.section == SECTION or t.id in ("what_works_challenges_host", "what_works_trained_model")]
    assert {t.id for t in tables if not t.controlled} == {
        "training_sessions", "training_audience", "system_meetings", "system_meeting_outputs",
        "what_works_trained_model"}
    for t in tables:
        assert ("not subject to disclosure control" in t.description) is (not t.controlled), t.id
        assert "disclosure control" in t.description, t.id
    assert indicators.MEASURE_BY_ID["training_confidence"].controlled is False
    shown = {table.id: table for s in report.build(result[world.service_a.pk]["total"], RULE) for table in s.tables}
    assert shown["consultations"].controlled and shown["consultations"].grand_total == disclosure.SUPPRESSED
    assert not shown["training_audience"].controlled and shown["training_audience"].column_totals == [20]
    assert [s for s, _ in indicators.SECTIONS][-2:] == [SECTION, "staff"]


def test_the_query_count_does_not_grow_with_more_work_recorded(world, record):
    with QueryCounter() as small:
        indicators.compute([world.service_a], START, END)
    m = world.manager_a
    places = (hub(world.service_a), spoke(world.spoke_a1), spoke(world.spoke_a2))
    with time_machine.travel(RECORDED, tick=False):
        for n in range(12):
            place, on = places[n % 3], d(4 + n % 3, 1 + n)
            consult(m, place, on, "voluntary", "advice_only")
            session = train(m, place, on, voluntary=2)
            actions.give_feedback(session=session, confidence_before=2, confidence_after=4)
            prevent(m, place, on, ages={"age_under_11": 3}, genders={"boys": 3})
            meet(m, place, on, "operational", "advised", ["pathway"])
            found = challenge(m, place, on, "other_practice", "voluntary")
            escalate(m, found, 2, on)
    with QueryCounter() as large:
        result = indicators.compute([world.service_a, world.service_b], START, END)
    t = result[world.service_a.pk]["total"]["tables"]
    assert counts(t["consultations"], "advice_only")["voluntary"] == 12
    assert counts(t["training_audience"])["voluntary"] == 24
    assert nonzero(t["challenges_raised"])["other_practice"] == {"stage_1": 1, "stage_2": 12}
    assert small.count == large.count, f"{small.count} then {large.count}:\n{large.sql()}"
