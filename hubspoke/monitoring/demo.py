"""Synthetic monitoring returns for the demo: the last eight quarters for every service, filled
from the demo record. Every ended quarter but the latest is submitted through the real action
(most on time, a few late, one reopened and corrected); in the latest, about half the services
have submitted, so the completeness tracker has something to show and a manager something to
submit. A snapshot survey of posts is open, with some services confirmed.

Each return is written and submitted by its service's manager near its deadline: the clock is
moved there around the actions, so the version, its audit row and "on time" are as they were."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from hubspoke.lib import periods
from hubspoke.lib.dates import today
from hubspoke.monitoring import actions
from hubspoke.monitoring.models import MonitoringReturn, MonitoringSettings, Survey
from hubspoke.network.demo import at
from hubspoke.network.models import Membership, Programme, Role
from hubspoke.network.scoping import current_memberships_q

QUARTERS = 8

ACHIEVEMENTS = (
    "Delivered awareness sessions to staff in three secondary schools and a pupil referral unit.",
    "The spoke worker now joins the exploitation panel every month, so referrals arrive earlier.",
    "Started a weekly drop-in at the youth centre with the detached youth work team.",
    "Trained social work teams in using the screening tool before they refer.",
    "Ran a group for young women with the sexual health service, shaped by their feedback.",
)
CHALLENGES = (
    "A vacancy at the spoke for six weeks lengthened the waiting list.",
    "Referrals rose after a local campaign faster than we could allocate them.",
    "Finding safe places to meet young people in rural areas remains hard.",
    "Some partners still refer by phone without consent recorded, which slows triage.",
    "Caseloads at the hub stayed above capacity for most of the quarter.",
)
CONTEXT = (
    "The local authority restructured its early help service during the quarter.",
    "A new police exploitation team started in the area.",
    "School holidays fell in this quarter, which usually lowers referrals from education.",
    "",
)
DATA_NOTES = (
    "",
    "",
    "A few contacts were recorded after the quarter ended and appear in the next return.",
    "Ethnicity was not known for several referrals from one partner; we have asked them to include it.",
)


def seed_returns(*, seed: int) -> dict[str, int]:
    if MonitoringReturn.objects.exists():
        return {"monitoring returns": 0}
    programme = Programme.objects.order_by("pk").first()
    if programme is None:
        return {"monitoring returns": 0}
    rng = random.Random(seed + 909)  # noqa: S311 (synthetic demo data, not security)
    on = today()
    latest = periods.quarter_of(on, programme.year_start_month).previous()
    first = latest
    for _ in range(QUARTERS - 1):
        first = first.previous()
    MonitoringSettings.objects.get_or_create(programme=programme, defaults={"returns_from": first.start})
    services = list(programme.services.filter(is_active=True).select_related("programme", "phase").order_by("name"))
    actions.ensure_returns(services, on=on)
    managers = {
        m.service_id: m.person
        for m in Membership.objects.filter(current_memberships_q(), role=Role.SERVICE_MANAGER)
        .select_related("person").order_by("person__email")
    }
    submitted = 0
    returns = MonitoringReturn.objects.filter(service__in=services).select_related("service").order_by(
        "period_start", "service__name")
    for r in returns:
        manager = managers.get(r.service_id)
        is_latest = r.period_start == latest.start
        if manager is None or (is_latest and rng.random() < 0.5):
            continue
        late = rng.random() < 0.15
        day = r.due_on + dt.timedelta(days=rng.randint(1, 12) if late else -rng.randint(0, 20))
        day = max(day, r.period_end + dt.timedelta(days=1))
        when = dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randint(0, 59)),
                                   tzinfo=timezone.get_current_timezone())
        # Written and submitted near the deadline, as the manager would have.
        with at(min(when, timezone.now() - dt.timedelta(minutes=1))):
            actions.update_narrative(
                actor=manager, monitoring_return=r, achievements=rng.choice(ACHIEVEMENTS),
                challenges=rng.choice(CHALLENGES), context=rng.choice(CONTEXT),
                data_quality_notes=rng.choice(DATA_NOTES),
            )
            actions.submit_return(actor=manager, monitoring_return=r)
        submitted += 1
    # One return corrected after submission: reopened with a reason, then submitted again.
    corrected = MonitoringReturn.objects.filter(
        service__in=services, version=1, period_start=first.next().start).first()
    if corrected and corrected.service_id in managers:
        manager = managers[corrected.service_id]
        actions.reopen_return(actor=manager, monitoring_return=corrected,
                              reason="Two closures were recorded against the wrong quarter; corrected in the record.")
        actions.submit_return(actor=manager, monitoring_return=corrected)  # version 2, submitted today
    survey = _seed_survey(programme, managers, rng, on)
    return {"monitoring returns": returns.count(), "monitoring returns submitted": submitted,
            "snapshot surveys": int(survey is not None)}


def _seed_survey(programme, managers, rng, on):
    if Survey.objects.filter(programme=programme).exists():
        return None
    lead = (
        Membership.objects.filter(current_memberships_q(), role=Role.PROGRAMME_LEAD, programme=programme)
        .select_related("person").order_by("person__email").first()
    )
    if lead is None:
        return None
    as_of = periods.quarter_of(on, programme.year_start_month).start
    survey = actions.open_survey(actor=lead.person, programme=programme, as_of=as_of,
                                 due_on=max(as_of + dt.timedelta(days=30), on + dt.timedelta(days=14)))
    for response in survey.responses.select_related("service").order_by("service__name"):
        manager = managers.get(response.service_id)
        if manager is None or rng.random() < 0.4:
            continue
        posts = [
            {"title": p.title, "fte": p.fte, "location": p.location, "spoke": p.spoke, "funder": p.funder,
             "filled": p.filled}
            for p in response.posts.select_related("spoke", "funder")
        ]
        actions.save_survey_posts(actor=manager, response=response, posts=posts, confirm=True)
    return survey
