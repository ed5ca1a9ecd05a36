"""Synthetic assessments for the demo, made through the real actions by each case's lead
worker on the day of the assessment (the clock is moved there; a manager countersigns the
next day): a first assessment soon after the case opened, and reviews since, so that levels
move over time, some judgements differ from the computed level, some high levels wait for a
countersignature and some reviews are overdue. Seeded after the cases they belong to; the
cases that have ended are closed after them."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from hubspoke.assessments import actions
from hubspoke.assessments.definition import indicators
from hubspoke.assessments.models import Assessment
from hubspoke.cases.demo import last_links, planned_end
from hubspoke.cases.demo_casework import close_ended_cases
from hubspoke.cases.models import Allocation, AllocationRole
from hubspoke.lib.dates import today
from hubspoke.network.demo import at
from hubspoke.network.models import Membership, Role
from hubspoke.network.scoping import current_memberships_q

TOOL = "hubspoke-cse"
CHANCE = {"risk": 0.035, "harm": 0.01, "vulnerability": 0.25, "strength": 0.5}
VIEWS = (
    "I don't think it's a big deal, he looks after me.",
    "I want my phone back and I want people to stop asking about it.",
    "I like meeting up with my worker. I don't want police involved.",
    "Things are better since I moved. I still see some of them.",
    "I know it's not right but I don't know how to stop going.",
    "I'm fine. I just want to go back to school.",
)
NOT_OBTAINED = ("Missing on the day of the assessment.", "Declined to talk about it this time; will try again.")
RATIONALES = (
    "The answers do not show what the police told us yesterday about who she is with.",
    "Several concerns are months old and things have settled since the move; I judge this lower.",
    "Recent disclosure to school not yet recorded as an indicator; I judge this higher.",
)


def _answers(rng: random.Random, tool_def: dict, severity: float) -> dict:
    windows = [w["id"] for w in tool_def["time_windows"]]
    answers = {}
    for ind in indicators(tool_def):
        chance = CHANCE[ind["category"]] * (severity if ind["category"] in ("risk", "harm") else 1)
        roll = rng.random()
        if roll < chance:
            value = "yes" if rng.random() < 0.7 else next(
                (a["value"] for a in tool_def["answer_sets"][ind["answers"]] if a["present"] and a["factor"] < 1),
                "yes")
        elif roll > 0.93:
            value = "not_known"
        else:
            value = "no"
        answers[ind["id"]] = {"answer": value, "window": rng.choice(windows) if ind["timed"] and value != "no"
                              and value != "not_known" else "", "note": ""}
    return answers


def _reviewed(before: dict, drawn: dict, present: set[str]) -> dict:
    """A review keeps an answer unless what it says has changed: an indicator that was there
    and still is (or was not and still is not) keeps its earlier answer, so that only the parts
    where something changed are saved again."""
    return {
        key: before[key] if key in before and (before[key]["answer"] in present) == (value["answer"] in present)
        else value
        for key, value in drawn.items()
    }


@transaction.atomic
def seed_assessments(*, seed: int) -> dict[str, int]:
    """Each case's assessments, then the closing of the cases that have ended (they close with
    the risk their assessments left, and closing withdraws what waits for a countersignature)."""
    if Assessment.objects.exists():
        return {"assessments": 0}
    actions.import_builtin_tools()
    tool = actions.latest_tool(TOOL)
    sections = [(part["id"], [ind["id"] for ind in part["indicators"]]) for part in tool.definition["sections"]]
    present = {a["value"] for answers in tool.definition["answer_sets"].values() for a in answers if a["present"]}
    rng = random.Random(seed + 909)  # noqa: S311 (synthetic demo data, not security)
    # The lead now, or for a closed case its last lead: closed cases were assessed while open, so
    # that returns can compare risk at the start and the end of support.
    leads = {
        a.case_id: a.worker
        for a in Allocation.objects.filter(role=AllocationRole.LEAD).select_related("worker").order_by("starts_at")
    }
    cases = last_links().select_related("young_person", "service").order_by("pk")
    managers = {
        m.service_id: m.person
        for m in Membership.objects.filter(current_memberships_q(), role=Role.SERVICE_MANAGER).select_related("person")
    }
    made = 0
    on = today()
    for case in cases:
        lead = leads.get(case.pk)
        if lead is None:
            continue
        day = timezone.localdate(case.opened_at) + dt.timedelta(days=rng.randint(3, 20))
        severity = rng.choice((0.3, 0.6, 1, 1.5, 2.5))
        previous = None
        ends = planned_end(case, seed=seed, last_linked=case.last_linked)
        until = on if ends is None else timezone.localdate(ends) - dt.timedelta(days=1)
        while day <= until:
            # Started, answered part by part and completed in the afternoon of the day.
            with at(timezone.make_aware(dt.datetime.combine(day, dt.time(14)))):
                assessment = actions.start_assessment(actor=lead, tool=tool, young_person=case.young_person,
                                                      review_of=previous)
            answers = _reviewed(assessment.answers, _answers(rng, tool.definition, severity), present)
            for n, (section, ids) in enumerate(sections):
                part = {key: answers[key] for key in ids}
                if any(assessment.answers.get(key) != value for key, value in part.items()):
                    with at(timezone.make_aware(dt.datetime.combine(day, dt.time(14, 2 + 2 * n)))):
                        assessment = actions.save_answers(actor=lead, assessment=assessment, answers=part,
                                                          section=section)
            computed = actions.preview(assessment, day)
            levels = [lv["id"] for lv in tool.definition["levels"]]
            judgement = ""
            if rng.random() < 0.12:
                step = rng.choice((-1, 1))
                judgement = levels[max(0, min(len(levels) - 1, levels.index(computed.level) + step))]
            voice = rng.random() < 0.85
            stamp = timezone.make_aware(dt.datetime.combine(day, dt.time(15)))
            with at(stamp):
                done = actions.complete_assessment(
                    actor=lead, assessment=assessment, assessed_on=day, judgement_level=judgement,
                    judgement_rationale=rng.choice(RATIONALES) if judgement else "",
                    young_persons_view=rng.choice(VIEWS) if voice else "",
                    view_not_obtained_reason="" if voice else rng.choice(NOT_OBTAINED),
                    models_of_cse=computed.tags,
                )
            manager = managers.get(case.service_id)
            if done.needs_countersignature and manager and manager != lead and (on - day).days > 10:
                with at(stamp + dt.timedelta(days=1)):
                    actions.countersign(actor=manager, assessment=done)
            made += 1
            previous = done
            severity = max(0.3, severity * rng.choice((0.6, 0.8, 1, 1.2)))  # most get better with support
            # Reviews happen around when due; some slip.
            day = done.next_review_on + dt.timedelta(days=rng.choice((-3, 0, 2, 7, 21)))
    return {"assessments": made, "closed_cases": close_ended_cases(seed=seed)}
