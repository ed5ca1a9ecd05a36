"""The disclosure log: a service's disclosures and decisions not to share, for its managers
only, filtered without a name in the address, a page at a time, and exported as CSV or
Excel, each export audited with its filters and how many rows it carried."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.lib import exports
from hubspoke.sharing.forms.log import LogFilterForm
from hubspoke.sharing.tests.helpers import (
    accepted_young_person,
    decide_not_to_share,
    partner_of_csc_b,
    share_with_csc_b,
    share_with_police,
)

pytestmark = pytest.mark.django_db

LOG = reverse("sharing:log")


def kinds(response):
    return [(e.kind, e.record.pk) for e in response.context["entries"]]


def test_only_managers_see_the_log(signed_in, world):
    world.disclosure_a()
    assert signed_in("manager_a").get(LOG).status_code == 200
    for persona in ("hub_worker_a", "worker_a", "partner_a", "programme_lead", "evaluator", "admin"):
        assert signed_in(persona).get(LOG).status_code == 404, persona
        assert signed_in(persona).get(f"{LOG}?format=csv").status_code == 404, persona
    assert partner_of_csc_b(world).get(LOG).status_code == 404
    # Another service's manager sees their own (empty) log, nothing of North Hub's.
    outsider = signed_in("outsider").get(LOG)
    assert outsider.status_code == 200 and outsider.context["entries"] == []


def test_disclosures_and_decisions_newest_first(signed_in, world):
    person = world.case_a().young_person
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        first = share_with_police(world, person)
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC), tick=False):
        decision = decide_not_to_share(world, person)
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC), tick=False):
        last = share_with_csc_b(world, person)
    response = signed_in("manager_a").get(LOG)
    assert response.status_code == 200
    assert kinds(response) == [("shared", last.pk), ("not_shared", decision.pk), ("shared", first.pk)]
    page = response.content.decode()
    assert "Southshire Children&#x27;s Services" in page and "Not shared" in page
    assert "recorded in the audit trail" in page


def test_filters(signed_in, world):
    person = world.case_a().young_person
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        police = share_with_police(world, person)
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC), tick=False):
        decision = decide_not_to_share(world, person)
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC), tick=False):
        csc = share_with_csc_b(world, person)
    client = signed_in("manager_a")

    def filtered(**params):
        response = client.get(LOG, params)
        assert response.status_code == 200, response.context["form"].errors
        return kinds(response)

    assert filtered(kind="shared") == [("shared", csc.pk), ("shared", police.pk)]
    assert filtered(kind="not_shared") == [("not_shared", decision.pk)]
    assert filtered(route="safeguarding") == [("shared", csc.pk)]
    assert filtered(agency=str(world.police_a.uuid)) == [("not_shared", decision.pk), ("shared", police.pk)]
    assert filtered(category="plan") == [("not_shared", decision.pk)]
    assert filtered(category="risk") == [("shared", csc.pk), ("shared", police.pk)]
    assert filtered(start_day="15", start_month="3", start_year="2026", end_day="15", end_month="4",
                    end_year="2026") == [("not_shared", decision.pk)]


def test_bad_filters_are_shown_by_the_field(signed_in, world):
    response = signed_in("manager_a").get(LOG, {"start_day": "1", "start_month": "5", "start_year": "2026",
                                                "end_day": "1", "end_month": "4", "end_year": "2026",
                                                "agency": "not-an-agency"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["end"] == ["The date to show to must be the same as or after the date to show from"]
    assert "agency" in errors
    assert 'value="2026"' in response.content.decode()  # what was typed is shown again
    response = signed_in("manager_a").get(LOG, {"start_day": "31", "start_month": "2", "start_year": "2026"})
    assert response.context["form"].errors["start"] == ["The date to show from must be a real date"]


def test_no_filter_carries_a_name():
    assert set(LogFilterForm().fields) <= {"start", "end", "service", "agency", "kind", "route", "category"}


def test_the_log_is_flat(signed_in, world):
    person = world.case_a().young_person
    share_with_police(world, person)
    decide_not_to_share(world, person)
    client = signed_in("manager_a")
    client.get(LOG)

    def grow():
        for name in ("Robin", "Sam"):
            other = accepted_young_person(world, name)
            share_with_police(world, other)
            share_with_csc_b(world, other)
            decide_not_to_share(world, other)

    assert_flat_queries(lambda: client.get(LOG), grow)
    assert_flat_queries(lambda: client.get(LOG, {"kind": "shared", "category": "risk"}), grow)


def test_the_export_is_audited_with_its_filters_and_rows(signed_in, world):
    person = world.case_a().young_person
    share_with_police(world, person)
    decide_not_to_share(world, person)
    share_with_csc_b(world, person)
    response = signed_in("manager_a").get(LOG, {"kind": "shared", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Date", "Shared or not", "Young person"]
    assert len(rows) == 3 and {r[2] for r in rows[1:]} == {"Casey Example"}
    event = AuditEvent.objects.get(action="network.service.disclosure_log_exported")
    assert event.actor == world.manager_a and event.subject_ref == str(world.service_a.uuid)
    assert event.detail == {"format": "csv", "filters": {"kind": "shared"}, "rows": 2}
    book = signed_in("manager_a").get(LOG, {"format": "xlsx"})
    assert book.status_code == 200 and book["Content-Type"] == exports.XLSX
    assert AuditEvent.objects.filter(action="network.service.disclosure_log_exported").count() == 2


def test_a_name_that_looks_like_a_formula_is_written_as_text(signed_in, world):
    from hubspoke.referrals.models import YoungPerson

    person = world.case_a().young_person
    YoungPerson.objects.filter(pk=person.pk).update(first_name="=HYPERLINK(1)")
    share_with_police(world, person)
    rows = list(csv.reader(io.StringIO(signed_in("manager_a").get(LOG, {"format": "csv"}).content.decode())))
    assert rows[1][2].startswith("'=HYPERLINK")
