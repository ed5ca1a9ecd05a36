"""The return's life: drafts for ended quarters, narrative, submission freezing the figures,
reopening with a reason into a new version; and snapshot surveys."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hubspoke.audit.models import AuditEvent
from hubspoke.lib import periods
from hubspoke.monitoring import actions, queries
from hubspoke.monitoring.models import MonitoringReturn, ReturnStatus, ReturnVersion, SurveyPost
from hubspoke.network.models import PostLocation


def test_quarters_follow_the_programme_year():
    q = periods.quarter_of(dt.date(2026, 5, 17), 4)
    assert (q.start, q.end, q.quarter, q.label) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30), 1, "2026–27 Q1")
    q = periods.quarter_of(dt.date(2026, 2, 1), 4)
    assert (q.start, q.end, q.quarter, q.label) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31), 4, "2025–26 Q4")
    q = periods.quarter_of(dt.date(2026, 2, 1), 1)
    assert (q.quarter, q.label) == (1, "2026 Q1")
    q = periods.quarter_of(dt.date(2026, 12, 31), 11)
    assert (q.start, q.end) == (dt.date(2026, 11, 1), dt.date(2027, 1, 31))
    assert q.next().start == dt.date(2027, 2, 1) and q.previous().end == dt.date(2026, 10, 31)
    assert periods.period_starting(dt.date(2026, 4, 1), 4) == periods.quarter_of(dt.date(2026, 4, 1), 4)
    assert periods.period_starting(dt.date(2026, 5, 1), 4) is None


def test_drafts_exist_for_every_ended_quarter_once(world):
    made = actions.ensure_returns([world.service_a, world.service_b])
    assert made > 0
    assert actions.ensure_returns([world.service_a, world.service_b]) == 0
    starts = list(world.service_a.monitoring_returns.order_by("period_start").values_list("period_start", "period_end"))
    today = timezone.localdate()
    assert all(end < today for _, end in starts)
    assert periods.quarter_of(today, 4).start not in [s for s, _ in starts]  # the current quarter has not ended
    settings = actions.settings_for(world.programme)
    first = world.service_a.monitoring_returns.order_by("period_start").first()
    assert first.due_on == first.period_end + dt.timedelta(days=settings.deadline_days)


def test_submitting_freezes_the_figures_until_reopened(world):
    actions.ensure_returns([world.service_a])
    r = world.service_a.monitoring_returns.order_by("-period_start").first()
    actions.update_narrative(actor=world.manager_a, monitoring_return=r, achievements="Ran two school sessions.")
    version = actions.submit_return(actor=world.manager_a, monitoring_return=r)
    r.refresh_from_db()
    assert (r.status, r.version, version.number) == (ReturnStatus.SUBMITTED, 1, 1)
    assert version.narrative["achievements"] == "Ran two school sessions."
    frozen = version.figures
    live_before = queries.live_figures(r)
    assert frozen == live_before

    # The record changes after submission (a referral arrives, back-dated into the quarter).
    from hubspoke.referrals.models import Referral

    Referral.objects.filter(pk=world.referral_a.pk).update(
        received_at=timezone.make_aware(dt.datetime.combine(r.period_start + dt.timedelta(days=3), dt.time(10))))
    assert queries.live_figures(r) != frozen
    figures, shown_version = queries.figures_of(r)
    assert figures == frozen and shown_version.number == 1  # still what was submitted

    with pytest.raises(ValidationError):
        actions.update_narrative(actor=world.manager_a, monitoring_return=r, achievements="Changed")
    with pytest.raises(ValidationError):
        actions.reopen_return(actor=world.manager_a, monitoring_return=r, reason="   ")
    actions.reopen_return(actor=world.manager_a, monitoring_return=r, reason="A referral was missed.")
    r.refresh_from_db()
    assert r.status == ReturnStatus.DRAFT
    figures, shown_version = queries.figures_of(r)
    assert shown_version is None and figures == queries.live_figures(r) != frozen
    second = actions.submit_return(actor=world.manager_a, monitoring_return=r)
    assert second.number == 2 and second.figures != frozen
    first = ReturnVersion.objects.get(monitoring_return=r, number=1)
    assert first.figures == frozen and first.reopen_reason == "A referral was missed."
    codes = list(AuditEvent.objects.filter(subject_ref=str(r.uuid)).values_list("action", flat=True))
    assert codes.count("monitoring.monitoringreturn.submitted") == 2
    assert "monitoring.monitoringreturn.reopened" in codes


def test_a_quarter_that_has_not_ended_cannot_be_submitted(world):
    today = timezone.localdate()
    current = periods.quarter_of(today, 4)
    r = MonitoringReturn.objects.create(service=world.service_a, period_start=current.start, period_end=current.end,
                                        due_on=current.end, created_at=timezone.now(), updated_at=timezone.now())
    with pytest.raises(ValidationError, match="once its quarter has ended"):
        actions.submit_return(actor=world.manager_a, monitoring_return=r)


def test_on_time_and_late(world, time_machine):
    actions.ensure_returns([world.service_a])
    r = world.service_a.monitoring_returns.order_by("-period_start").first()
    time_machine.move_to(timezone.make_aware(dt.datetime.combine(r.due_on + dt.timedelta(days=1), dt.time(9))))
    version = actions.submit_return(actor=world.manager_a, monitoring_return=r)
    assert version.on_time is False
    row = next(row for row in queries.completeness(world.programme, periods.quarter_of(r.period_start, 4),
                                                   due_on=r.due_on) if row.service == world.service_a)
    assert row.state == "late"


def test_completeness_tracker_states(world, time_machine):
    actions.ensure_returns([world.service_a, world.service_b])
    r = world.service_a.monitoring_returns.order_by("-period_start").first()
    time_machine.move_to(timezone.make_aware(dt.datetime.combine(r.period_end + dt.timedelta(days=5), dt.time(9))))
    actions.submit_return(actor=world.manager_a, monitoring_return=r)
    period = periods.quarter_of(r.period_start, 4)
    rows = {row.service.name: row for row in queries.completeness(world.programme, period, due_on=r.due_on)}
    assert rows["North Hub"].state == "on_time" and rows["North Hub"].spokes == 2
    assert rows["South Hub"].state == "due"
    summary = queries.completeness_summary(list(rows.values()))
    assert (summary["submitted"], summary["services"], summary["spokes_covered"]) == (1, 2, 2)


def test_snapshot_survey_is_prefilled_and_confirmed(world):
    survey = actions.open_survey(actor=world.programme_lead, programme=world.programme,
                                 as_of=dt.date(2026, 10, 1), due_on=dt.date(2026, 10, 31))
    response = survey.responses.get(service=world.service_a)
    posts = list(response.posts.order_by("title"))
    assert [(p.title, p.location, p.filled) for p in posts] == [
        ("Hub manager", PostLocation.HUB, True), ("Spoke worker", PostLocation.SPOKE, True)]
    with pytest.raises(ValidationError):
        actions.open_survey(actor=world.programme_lead, programme=world.programme,
                            as_of=dt.date(2026, 10, 1), due_on=dt.date(2026, 10, 31))
    rows = [{"title": p.title, "fte": p.fte, "location": p.location, "spoke": p.spoke, "funder": p.funder,
             "filled": p.filled} for p in posts]
    rows.append({"title": "Hub worker", "fte": Decimal("0.6"), "location": PostLocation.HUB, "spoke": None,
                 "funder": posts[0].funder, "filled": False})
    actions.save_survey_posts(actor=world.manager_a, response=response, posts=rows, confirm=True)
    response.refresh_from_db()
    assert response.confirmed_at and response.confirmed_by == world.manager_a
    assert SurveyPost.objects.filter(response=response).count() == 3
    with pytest.raises(ValidationError):
        actions.save_survey_posts(actor=world.manager_a, response=response, posts=rows, confirm=True)
    summary = queries.survey_summary(queries.survey_responses(survey))
    assert (summary["confirmed"], summary["posts"], summary["vacant"], summary["fte_vacant"]) == (
        1, 3, 1, Decimal("0.6"))


def test_the_daily_command_makes_drafts(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("monitoring_returns", stdout=out)
    assert world.service_b.monitoring_returns.exists()
    made = int(out.getvalue().split()[0])
    assert made == MonitoringReturn.objects.count()
    call_command("monitoring_returns", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("0 draft returns")


def test_a_service_of_a_later_phase_has_returns_from_its_phase_on(world):
    from hubspoke.network.actions import add_service
    from hubspoke.network.models import Phase

    later = Phase.objects.create(programme=world.programme, number=2, starts_on=dt.date(2026, 4, 15))
    service = add_service(actor=world.admin, programme=world.programme, phase=later, name="New Hub",
                          organisation="New", region=world.service_a.region)
    actions.ensure_returns([service, world.service_a])
    assert service.monitoring_returns.order_by("period_start").first().period_start == dt.date(2026, 4, 1)
    assert world.service_a.monitoring_returns.order_by("period_start").first().period_start < dt.date(2026, 1, 1)
