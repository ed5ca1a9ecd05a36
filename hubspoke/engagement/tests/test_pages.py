"""The work's pages as each role reaches them: recording each kind from its one form, the
lists and their filters, who sees what (404 outside scope; a challenge about a case only as the
case is), the anonymous feedback link, and flat query counts."""

import datetime as dt

import pytest

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.engagement import actions
from hubspoke.engagement.models import Challenge, Consultation, PreventionSession, TrainingFeedback, TrainingSession
from hubspoke.lib.dates import today

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _training(world, actor=None, **kw):
    return actions.record_training(
        actor=actor or world.worker_a, held_on=kw.pop("held_on", today()), topic=kw.pop("topic", "Spotting grooming"),
        minutes=90, attended=12, audience={"licensed_trades": 10, "other": 2}, **kw)


def _consultation(world, actor=None, **kw):
    base = {"held_on": today(), "agency_type": "education", "method": "phone", "concern": "A pupil with older friends",
            "outcome": "advice_only"}
    return actions.record_consultation(actor=actor or world.worker_a, **{**base, **kw})


def _challenge(world, actor=None, **kw):
    base = {"held_on": today() - dt.timedelta(days=10), "direction": "by_service", "about": "case_closed",
            "agency_type": "childrens_social_care", "issue": "Closed with the risk unchanged.", "stage": 1,
            "raised_with": "Social worker, assessment team"}
    return actions.record_challenge(actor=actor or world.worker_a, **{**base, **kw})


def test_a_spoke_worker_records_each_kind_from_its_form(world, signed_in):
    client = signed_in("worker_a")
    assert client.get("/engagement/").status_code == 200
    response = client.post("/engagement/consultations/record/", {
        **_date("held_on", today()), "agency_type": "education", "professional_role": "Safeguarding lead",
        "method": "phone", "concern": "A pupil seen with older men", "advice": "Refer to us; tell the MASH.",
        "outcome": "referral_expected"})
    assert response.status_code == 302, response.content.decode()[:3000]
    consultation = Consultation.objects.get()
    assert consultation.spoke == world.spoke_a1 and consultation.worker == world.worker_a
    assert client.get(response["Location"]).status_code == 200
    response = client.post("/engagement/training/record/", {
        **_date("held_on", today()), "topic": "Taxi drivers: spotting exploitation", "minutes": "120",
        "attended": "25", "licensed_trades": "23", "police": "2"})
    assert response.status_code == 302, response.content.decode()[:3000]
    session = TrainingSession.objects.get()
    assert (session.licensed_trades, session.police, session.attended) == (23, 2, 25)
    page = client.get(response["Location"]).content.decode()
    assert f"/f/{session.feedback_token}/" in page
    response = client.post("/engagement/prevention/record/", {
        **_date("held_on", today()), "setting": "school", "setting_name": "Year 9 at Wrenfield Academy",
        "format": "lesson", "topics": ["online", "consent"], "minutes": "50", "reached": "28",
        "age_14_15": "28", "girls": "15", "boys": "13", "follow_up_referrals": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PreventionSession.objects.get().reached == 28
    response = client.post("/engagement/meetings/record/", {
        **_date("held_on", today()), "kind": "exploitation_panel", "title": "Northshire MACE", "role": "member",
        "contribution": "Shared themes from the spoke.", "outputs": ["problem_profile"]})
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post("/engagement/challenges/record/", {
        **_date("held_on", today()), "direction": "by_service", "about": "screened_out",
        "agency_type": "childrens_social_care", "issue": "Screened out although she is missing weekly.",
        "stage": "1", "raised_with": "MASH team manager"})
    assert response.status_code == 302, response.content.decode()[:3000]
    challenge = Challenge.objects.get()
    assert challenge.steps.count() == 1 and challenge.stage == 1
    for kind in ("consultations", "training", "prevention", "meetings", "challenges"):
        assert client.get(f"/engagement/{kind}/").status_code == 200
    assert AuditEvent.objects.filter(action__startswith="engagement.", action__endswith=".recorded").count() == 5


def test_bad_input_is_shown_by_its_field_and_nothing_typed_is_lost(world, signed_in):
    client = signed_in("worker_a")
    future = today() + dt.timedelta(days=3)
    response = client.post("/engagement/training/record/", {
        **_date("held_on", future), "topic": "Exploitation awareness", "minutes": "60", "attended": "30",
        "licensed_trades": "12", "police": "3"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The date of the session must be today or in the past" in page
    assert "add up to 15, not 30" in page
    assert 'value="Exploitation awareness"' in page and 'value="12"' in page
    response = client.post("/engagement/prevention/record/", {
        **_date("held_on", today()), "setting": "school", "setting_name": "Year 8", "format": "lesson",
        "topics": ["online"], "minutes": "50", "reached": "20", "age_11_13": "18", "girls": "10", "boys": "10"})
    page = response.content.decode()
    assert response.status_code == 400 and "The numbers by age add up to 18, not 20" in page
    assert "by gender" not in page.split("There is a problem")[1].split("</ul>")[0]
    assert not PreventionSession.objects.exists() and not TrainingSession.objects.exists()


def test_a_challenge_only_moves_up_the_stages(world, signed_in):
    challenge = _challenge(world)
    client = signed_in("worker_a")
    url = f"/engagement/challenges/{challenge.uuid}/"
    response = client.post(url + "escalate/", {"stage": "2", **_date("raised_on", today()),
                                               "raised_with": "Team manager"})
    assert response.status_code == 302
    response = client.post(url + "escalate/", {"stage": "1", **_date("raised_on", today()),
                                               "raised_with": "Social worker"})
    assert response.status_code == 400
    assert "An escalation only moves up" in response.content.decode()
    with pytest.raises(Exception, match="only moves up"):
        actions.escalate(actor=world.worker_a, challenge=challenge, stage=2, raised_on=today(), raised_with="Again")
    challenge.refresh_from_db()
    assert challenge.stage == 2 and challenge.steps.count() == 2


def test_a_challenge_about_a_case_is_seen_only_as_the_case_is(world, signed_in):
    case = world.case_a()
    challenge = _challenge(world, actor=world.manager_a, case=case)
    url = f"/engagement/challenges/{challenge.uuid}/"
    assert signed_in("manager_a").get(url).status_code == 200
    assert AuditEvent.objects.filter(subject_ref=str(case.young_person.uuid),
                                     action="engagement.challenge.viewed").exists()
    for persona in ("outsider", "partner_a", "programme_lead", "evaluator", "hub_worker_a"):
        assert signed_in(persona).get(url).status_code == 404, persona
    listing = signed_in("hub_worker_a").get("/engagement/challenges/").content.decode()
    assert str(challenge.uuid) not in listing


def test_the_feedback_link_takes_one_answer_per_browser_and_keeps_nothing_of_who(world, client):
    session = _training(world)
    url = f"/f/{session.feedback_token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Spotting grooming" in page.content.decode()
    response = client.post(url, {"confidence_before": "2", "confidence_after": "4", "will_do": "Ask questions."})
    assert response.status_code == 302
    again = client.post(url, {"confidence_before": "1", "confidence_after": "5"})
    assert "Thank you" in again.content.decode()
    assert TrainingFeedback.objects.count() == 1
    answer = TrainingFeedback.objects.get()
    fields = {f.name for f in TrainingFeedback._meta.get_fields()}
    assert fields == {"id", "session", "confidence_before", "confidence_after", "will_do", "given_on"}
    assert answer.given_on == today()
    session.feedback_until = today() - dt.timedelta(days=1)
    session.save()
    from django.test import Client
    assert Client().get(url).status_code == 404
    assert Client().get("/f/not-a-token/").status_code == 404


def test_the_lists_keep_a_flat_number_of_queries(world, signed_in):
    client = signed_in("manager_a")
    _challenge(world, case=world.case_a())
    _training(world)
    _consultation(world)

    def grow():
        for n in range(4):
            _challenge(world, issue=f"Another {n}")
            _training(world, topic=f"Session {n}")
            _consultation(world, concern=f"Concern {n}")
    kinds = ("consultations", "training", "challenges")
    for kind in kinds:
        assert_flat_queries(lambda kind=kind: client.get(f"/engagement/{kind}/"), lambda: None)
    counts = {}
    for kind in kinds:
        counts[kind] = lambda kind=kind: client.get(f"/engagement/{kind}/")
    first = {k: _count(f) for k, f in counts.items()}
    grow()
    assert {k: _count(f) for k, f in counts.items()} == first
    assert_flat_queries(lambda: client.get("/engagement/"), grow)
    assert_flat_queries(lambda: client.get("/"), grow)


def _count(fetch):
    from hubspoke.conftest import QueryCounter
    with QueryCounter() as counter:
        assert fetch().status_code == 200
    return counter.count


def test_a_sessions_and_a_challenges_pages_keep_a_flat_number_of_queries(world, signed_in):
    client = signed_in("worker_a")
    session = _training(world)
    challenge = _challenge(world, case=world.case_a())

    def grow():
        for n in range(5):
            actions.give_feedback(session=session, confidence_before=2, confidence_after=4, will_do=f"Idea {n}")
        if challenge.stage < 3:
            actions.escalate(actor=world.worker_a, challenge=challenge, stage=challenge.stage + 1,
                             raised_on=today(), raised_with="Their manager")
    grow_once = iter([grow, lambda: None])
    assert_flat_queries(lambda: client.get(f"/engagement/training/{session.uuid}/"), lambda: next(grow_once)())
    assert_flat_queries(lambda: client.get(f"/engagement/challenges/{challenge.uuid}/"), grow)
    page = client.get(f"/engagement/training/{session.uuid}/").content.decode()
    assert "Idea 4" in page and "10 of 12 who attended" in page
