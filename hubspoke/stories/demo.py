"""The demo's young people's stories: at each of the first two services with open cases, one
story finished and given to the young person by their lead worker, and one left as a draft.
Written through the real actions as the lead worker, with the clock moved to a day or two ago
(``network.demo.at``); deterministic, and it adds nothing the second time."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from hubspoke.cases.models import Allocation, AllocationRole, Case, CaseStatus
from hubspoke.network.demo import at
from hubspoke.stories import actions, queries, rules
from hubspoke.stories.models import Story

GIVEN = {
    "why_we_met": "Someone who cares about you was worried that older people were being unkind to you and asking "
                  "you to do things that were not safe. They asked us to help.",
    "what_you_told_us": "You told us you like drawing and music. You said you did not always feel safe after school. "
                        "You said you wanted someone to talk to who would listen.",
    "what_we_did": "We met every week. We talked about friendships and what a healthy one feels like. We made a "
                   "plan for getting home safely. We went with you to see the school nurse.",
    "what_you_said": "You said the weekly meetings helped. You said you wanted more say in where we meet, so we "
                     "now choose together.",
    "what_next": "We will keep meeting every week for now. We will look at your plan again together next month. "
                 "You can ring or text your worker at the service any time in the day.",
}
DRAFT = {
    "why_we_met": "A worker at your school was worried about you and asked us to help.",
    "what_you_told_us": "You told us about your family and the things you enjoy.",
}
# Events that go in by default in the demo: never one left out unless confirmed.
PLAIN_KINDS = ("referral", "plan", "assessment")


def _open_cases() -> list[tuple[Case, object]]:
    """The first open case (with a lead worker) of each of the first two services, by name."""
    leads = {a.case_id: a.worker for a in Allocation.objects.filter(role=AllocationRole.LEAD, ends_at__isnull=True)
             .select_related("worker").order_by("starts_at", "pk")}
    chosen: dict[int, list] = {}
    for case in (Case.objects.filter(status=CaseStatus.OPEN, young_person__service=F("service"))
                 .select_related("service", "young_person").order_by("service__name", "opened_at", "pk")):
        if case.pk not in leads:
            continue
        picked = chosen.setdefault(case.service_id, [])
        if len(picked) < 2:
            picked.append((case, leads[case.pk]))
    return [pair for service_pairs in list(chosen.values())[:2] for pair in service_pairs]


def _draft(case: Case, answers: dict) -> dict:
    events = [{"key": c.key, "line": "", "confirmed": False}
              for c in queries.choices_for(case) if c.kind in PLAIN_KINDS and not c.sensitive][:4]
    return {"answers": answers, "events": events, "goals": [str(g.uuid) for g in queries.goals_of(case)],
            "assessment": queries.outcome_for(case, looked_at=False) is not None, "looked_at": False}


def seed_stories(*, seed: int) -> dict[str, int]:
    made = {"stories": 0, "story_versions": 0, "stories_given": 0}
    if Story.objects.exists():
        return made
    now = timezone.now()
    pairs = _open_cases()
    for n, (case, worker) in enumerate(pairs):
        given = n % 2 == 0
        with at(now - dt.timedelta(days=3 if given else 1, hours=seed % 5)):
            draft = _draft(case, GIVEN if given else DRAFT)
            actions.save_draft(actor=worker, case=case, draft=draft)
            made["stories"] += 1
            if not given:
                continue
            seen = rules.fingerprint(queries.snapshot_for(case, draft, worker_name=worker.full_name))
            version = actions.finish_version(actor=worker, case=case, seen=seen)
            made["story_versions"] += 1
        if case.service.stories_need_manager_check:
            continue
        with at(now - dt.timedelta(days=2)):
            actions.give_version(actor=worker, version=version, given_on=timezone.localdate(), how="in_person")
            made["stories_given"] += 1
    return made
