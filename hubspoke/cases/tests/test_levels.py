import datetime as dt
import uuid

from django.urls import reverse

from hubspoke.assessments import actions as assessment_actions
from hubspoke.assessments.models import Assessment
from hubspoke.assessments.tests.tool_examples import SMALL
from hubspoke.cases import actions
from hubspoke.conftest import assert_flat_queries, referral_details
from hubspoke.lib.dates import today
from hubspoke.referrals import actions as referral_actions

NONE_PRESENT = {key: {"answer": "no", "window": "", "note": ""} for key in (
    "missing-overnight", "missing-often", "older-partner", "gifts", "disclosed-abuse", "exploited-friends",
    "trusted-adult")}


def assess(world, person, *, on, judgement="", **answers):
    tool, _ = assessment_actions.import_tool(source=SMALL)
    a = assessment_actions.start_assessment(actor=world.worker_a, tool=tool, young_person=person)
    Assessment.objects.filter(pk=a.pk).update(answers={**NONE_PRESENT, **{
        key: {"answer": value, "window": "", "note": ""} for key, value in answers.items()}})
    a.refresh_from_db()
    return assessment_actions.complete_assessment(
        actor=world.worker_a, assessment=a, assessed_on=on, judgement_level=judgement,
        judgement_rationale="Known to police." if judgement else "", young_persons_view="Fine.")


def test_caseloads_show_the_latest_level_and_overdue_reviews(signed_in, world):
    person = world.case_a().young_person
    assess(world, person, on=today() - dt.timedelta(days=200), **{"missing-often": "yes"})  # high, review 4 weeks
    page = signed_in("worker_a").get(reverse("cases:mine")).content.decode()
    assert "High" in page and "Overdue" in page
    team = signed_in("manager_a").get(reverse("cases:team"))
    row = next(m for m in team.context["members"] if m.person == world.worker_a)
    assert row.reviews_overdue == 1
    assess(world, person, on=today())  # a fresh review: low, due in 13 weeks
    page = signed_in("worker_a").get(reverse("cases:mine")).content.decode()
    assert "Low" in page and "Overdue" not in page


def test_the_levels_page_counts_levels_judgements_and_overdue_reviews(signed_in, world):
    person = world.case_a().young_person
    assess(world, person, on=today() - dt.timedelta(days=100), judgement="high")  # computed low, judged higher
    response = signed_in("manager_a").get(reverse("cases:levels"))
    assert [(r["level_label"], r["n"]) for r in response.context["distribution"]] == [("High", 1)]
    assert response.context["judgement"] == {"total": 1, "agreed": 0, "higher": 1, "lower": 0}
    assert [c.young_person for c in response.context["page"]] == [person]
    assert "Casey Example" in response.content.decode()
    # Another service's manager sees none of it.
    other = signed_in("outsider").get(reverse("cases:levels"))
    assert other.context["open_cases"] == 0 and other.context["judgement"]["total"] == 0


def test_levels_caseload_and_team_pages_are_flat(signed_in, world):
    person = world.case_a().young_person
    assess(world, person, on=today() - dt.timedelta(days=100))
    manager = signed_in("manager_a")
    worker = signed_in("worker_a")

    def grow():
        for _ in range(3):
            r = referral_actions.submit_partner_referral(
                actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
                details=referral_details(subject_first_name=f"Lev{uuid.uuid4().hex[:5]}", subject_last_name="Els"))
            referral_actions.accept_referral(actor=world.manager_a, referral=r, spoke=world.spoke_a1)
            r.refresh_from_db()
            actions.allocate_referral(actor=world.manager_a, referral=r, worker=world.worker_a)
            assess(world, r.young_person, on=today() - dt.timedelta(days=120), **{"gifts": "yes"})

    for url, client in ((reverse("cases:levels"), manager), (reverse("cases:team"), manager),
                        (reverse("cases:mine"), worker)):
        assert_flat_queries(lambda u=url, c=client: c.get(u), grow)


def test_home_pages_say_what_needs_doing(signed_in, world):
    person = world.case_a().young_person
    assess(world, person, on=today() - dt.timedelta(days=200), **{"missing-often": "yes"})  # high: overdue, to sign
    worker_home = signed_in("worker_a").get(reverse("home"))
    items = {item.label: item.count for item in worker_home.context["to_do"]}
    assert items["Your open cases"] == 1
    assert items["Assessment reviews overdue in your caseload"] == 1
    assert items["New referrals"] == 0  # the world's referral waits at the hub, which a spoke worker cannot see
    manager_home = signed_in("manager_a").get(reverse("home"))
    items = {item.label: item.count for item in manager_home.context["to_do"]}
    assert items["Assessments waiting for your countersignature"] == 1
    assert items["Assessment reviews overdue in your service"] == 1
    assert items["New referrals"] == 1
    page = manager_home.content.decode()
    assert page.index("Assessments waiting for your countersignature") < page.index("New referrals")  # urgent first
    waiting = signed_in("manager_a").get(reverse("assessments:countersignatures")).content.decode()
    assert "Casey Example" in waiting and "High" in waiting
