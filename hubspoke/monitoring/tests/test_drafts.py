"""A look at the returns never writes: the page shows each quarter's draft before its row is
made, the daily job (``actions.make_due_drafts``) makes the rows, and the first write to a draft
not made yet (its narrative, or submitting it) makes it, under the reference the page showed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.monitoring import actions, queries, rules
from hubspoke.monitoring.models import MonitoringReturn, MonitoringSettings, ReturnStatus

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Written by any signed-in request: the view's own audit row, the session, the shared cache.
BOOKKEEPING = {AuditEvent._meta.db_table, "django_session", "hubspoke_cache"}


def writes_of(fetch):
    """What ``fetch`` wrote, apart from the bookkeeping every request may write, and its answer."""
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    found = [q["sql"] for q in captured.captured_queries if (m := WRITE.match(q["sql"])) and m.group(1) not in BOOKKEEPING]
    return found, response


def latest_unmade(world):
    drafts = queries.unmade_drafts(queries.managed_services([world.service_a.pk]))
    assert drafts, "the test world owes at least one return"
    return max(drafts, key=lambda r: r.period_start)


def test_a_look_at_the_returns_page_writes_nothing(signed_in, world):
    client = signed_in("manager_a")
    assert not MonitoringReturn.objects.exists()
    settings_before = MonitoringSettings.objects.count()
    audit_before = AuditEvent.objects.count()
    writes, response = writes_of(lambda: client.get(reverse("monitoring:returns")))
    assert response.status_code == 200
    assert writes == []
    assert not MonitoringReturn.objects.exists() and MonitoringSettings.objects.count() == settings_before
    assert AuditEvent.objects.count() == audit_before
    # Every quarter owed is listed all the same, each linked by the reference its draft will have.
    draft = latest_unmade(world)
    assert len(response.context["rows"]) == len(queries.unmade_drafts(queries.managed_services([world.service_a.pk])))
    assert reverse("monitoring:return", kwargs={"ref": draft.uuid}) in response.content.decode()


def _returns_table(response) -> str:
    html = response.content.decode()
    return html[html.index("<table"):html.index("</table>")]


def test_the_returns_page_looks_the_same_before_and_after_the_daily_job(signed_in, world):
    client = signed_in("manager_a")
    before = _returns_table(client.get(reverse("monitoring:returns")))
    assert "Overdue" in before or "Draft" in before
    made = actions.make_due_drafts()
    assert made == MonitoringReturn.objects.count() > 0
    after = _returns_table(client.get(reverse("monitoring:returns")))
    assert after == before


def test_the_daily_job_makes_each_draft_once_and_audits_it(world):
    owed = queries.unmade_drafts(queries.managed_services([world.service_a.pk, world.service_b.pk]))
    made = actions.make_due_drafts()
    assert made == len(owed) > 0
    assert actions.make_due_drafts() == 0
    rows = {(r.service_id, r.period_start): r for r in MonitoringReturn.objects.all()}
    for draft in owed:
        row = rows[(draft.service_id, draft.period_start)]
        assert row.uuid == draft.uuid == rules.draft_ref(draft.service, draft.period_start)
        assert (row.status, row.due_on) == (ReturnStatus.DRAFT, draft.due_on)
    created = AuditEvent.objects.filter(action="monitoring.monitoringreturn.created")
    assert created.count() == made
    assert set(created.values_list("actor", flat=True)) == {None}
    assert MonitoringSettings.objects.filter(programme=world.programme).exists()


def test_the_daily_job_makes_nothing_for_a_quarter_not_ended(world):
    earliest = min(r.period_start for r in queries.unmade_drafts(queries.managed_services([world.service_a.pk])))
    assert actions.make_due_drafts(today=earliest) == 0  # the first quarter owed has not ended that day
    assert not MonitoringReturn.objects.exists()


def test_a_draft_not_made_yet_opens_and_is_submitted(signed_in, world):
    client = signed_in("manager_a")
    draft = latest_unmade(world)
    url = reverse("monitoring:return", kwargs={"ref": draft.uuid})
    writes, page = writes_of(lambda: client.get(url))
    assert page.status_code == 200 and page.context["draft"] is True and writes == []
    assert AuditEvent.objects.filter(action="monitoring.monitoringreturn.viewed", subject_ref=str(draft.uuid)).exists()
    assert client.get(reverse("monitoring:return_version", kwargs={"ref": draft.uuid, "number": 1})).status_code == 404
    response = client.post(reverse("monitoring:return_submit", kwargs={"ref": draft.uuid}), {"checked": "on"})
    assert response.status_code == 302
    row = MonitoringReturn.objects.get(uuid=draft.uuid)
    assert (row.service_id, row.period_start, row.status, row.version) == (
        world.service_a.pk, draft.period_start, ReturnStatus.SUBMITTED, 1)
    assert list(AuditEvent.objects.filter(subject_ref=str(draft.uuid)).exclude(
        action__endswith="viewed").order_by("pk").values_list("action", "actor")) == [
        ("monitoring.monitoringreturn.created", world.manager_a.pk),
        ("monitoring.monitoringreturn.submitted", world.manager_a.pk),
    ]
    assert actions.make_due_drafts() == MonitoringReturn.objects.count() - 1  # the others; not this one again


def test_writing_the_narrative_of_a_draft_not_made_yet_makes_it(signed_in, world):
    client = signed_in("manager_a")
    draft = latest_unmade(world)
    url = reverse("monitoring:return", kwargs={"ref": draft.uuid})
    # Nothing typed: nothing to save, and no row.
    assert client.post(url, {}).status_code == 302
    assert not MonitoringReturn.objects.exists()
    assert client.post(url, {"challenges": "A vacancy."}).status_code == 302
    assert MonitoringReturn.objects.get(uuid=draft.uuid).challenges == "A vacancy."


def test_submitting_with_the_narrative_typed_makes_the_draft_once(signed_in, world):
    client = signed_in("manager_a")
    draft = latest_unmade(world)
    response = client.post(reverse("monitoring:return_submit", kwargs={"ref": draft.uuid}),
                           {"checked": "on", "achievements": "Two school sessions."})
    assert response.status_code == 302
    row = MonitoringReturn.objects.get(uuid=draft.uuid)
    assert row.status == ReturnStatus.SUBMITTED and row.versions.get().narrative["achievements"] == "Two school sessions."
    assert AuditEvent.objects.filter(action="monitoring.monitoringreturn.created", subject_ref=str(draft.uuid)).count() == 1


@pytest.mark.parametrize("persona", ["hub_worker_a", "worker_a", "programme_lead", "outsider"])
def test_a_draft_not_made_yet_is_a_404_to_anyone_else(signed_in, world, persona):
    draft = latest_unmade(world)
    assert signed_in(persona).get(reverse("monitoring:return", kwargs={"ref": draft.uuid})).status_code == 404


def test_the_managers_home_counts_drafts_not_made_yet(signed_in, world):
    client = signed_in("manager_a")
    owed = queries.unmade_drafts(queries.managed_services([world.service_a.pk]))
    writes, response = writes_of(lambda: client.get(reverse("home")))
    assert response.status_code == 200 and writes == []
    html = response.content.decode()
    assert "Monitoring returns overdue" in html or "Monitoring returns to submit" in html
    before = html
    actions.make_due_drafts()
    assert len(owed) == MonitoringReturn.objects.filter(service=world.service_a).count()
    assert client.get(reverse("home")).content.decode().count("Monitoring returns") == before.count("Monitoring returns")


def test_the_returns_page_costs_the_same_with_drafts_made_or_not(signed_in, world):
    from hubspoke.conftest import assert_flat_queries

    actions.settings_for(world.programme)
    client = signed_in("manager_a")

    def grow():
        actions.make_due_drafts()
        latest = world.service_a.monitoring_returns.order_by("-period_start").first()
        actions.submit_return(actor=world.manager_a, monitoring_return=latest)

    assert_flat_queries(lambda: client.get(reverse("monitoring:returns")), grow)


def test_a_refused_submission_of_a_draft_not_made_yet_leaves_no_row(world, monkeypatch):
    from django.core.exceptions import ValidationError

    from hubspoke.referrals import identifiers

    draft = latest_unmade(world)

    def refuse(*args, **kwargs):
        raise ValidationError("Refused.")

    monkeypatch.setattr(identifiers, "refuse_identifiers", refuse)
    with pytest.raises(ValidationError):
        actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    assert draft.pk is None and not MonitoringReturn.objects.exists()
    assert not AuditEvent.objects.filter(subject_ref=str(draft.uuid)).exists()


def test_reopening_a_draft_not_made_yet_is_refused_not_a_crash(signed_in, world):
    draft = latest_unmade(world)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Only a submitted return can be reopened."):
        actions.reopen_return(actor=world.manager_a, monitoring_return=draft, reason="A figure was wrong.")
    response = signed_in("manager_a").post(reverse("monitoring:return_reopen", kwargs={"ref": draft.uuid}),
                                           {"reason": "A figure was wrong."})
    assert response.status_code == 400 and "Only a submitted return can be reopened." in response.content.decode()
    assert not MonitoringReturn.objects.filter(uuid=draft.uuid).exists()
