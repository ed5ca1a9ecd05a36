"""What the stories tests share: a draft posted as the guided page would post it."""

from __future__ import annotations

from django.urls import reverse

from hubspoke.stories import queries, rules


def url(name, ref):
    return reverse(f"stories:{name}", kwargs={"ref": ref})


def form_data(world, case, *, events=(), confirm=(), lines=None, goals=None, assessment="", **answers):
    """The guided page's POST: answers by question key, ticked events (with their default lines
    unless ``lines`` gives one), confirmations, goals (default: every current goal)."""
    data = {key: answers.get(key, "") for key in rules.QUESTION_KEYS}
    choices = {c.key: c for c in queries.choices_for(case)}
    for c in choices.values():
        data[f"line_{c.key}"] = (lines or {}).get(c.key, c.default_line)
    data["events"] = list(events)
    for key in confirm:
        data[f"confirm_{key}"] = "on"
    data["goals"] = [str(g.uuid) for g in queries.goals_of(case)] if goals is None else list(goals)
    if assessment:
        data["assessment"] = "on"
    return data


def finish(client, case):
    """Preview, then finish with the fingerprint the preview gave."""
    preview = client.get(url("preview", case.uuid))
    assert preview.status_code == 200
    seen = preview.context["form"].initial["seen"]
    return client.post(url("finish", case.uuid), {"seen": seen})


NONE_PRESENT = {key: {"answer": "no", "window": "", "note": ""} for key in (
    "missing-overnight", "missing-often", "older-partner", "gifts", "disclosed-abuse", "exploited-friends",
    "trusted-adult")}


def assess(world, person, **answers):
    """A completed assessment of ``person`` with the small test tool, by worker A."""
    from hubspoke.assessments import actions as assessment_actions
    from hubspoke.assessments.models import Assessment
    from hubspoke.assessments.tests.tool_examples import SMALL
    from hubspoke.lib.dates import today

    tool, _ = assessment_actions.import_tool(source=SMALL)
    a = assessment_actions.start_assessment(actor=world.worker_a, tool=tool, young_person=person)
    Assessment.objects.filter(pk=a.pk).update(answers={**NONE_PRESENT, **{
        key: {"answer": value, "window": "", "note": ""} for key, value in answers.items()}})
    a.refresh_from_db()
    return assessment_actions.complete_assessment(actor=world.worker_a, assessment=a, assessed_on=today(),
                                                  young_persons_view="Fine.")
