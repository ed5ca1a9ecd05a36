"""The evaluation team's API: keys (expiry, revocation, a current evaluator only), rate limit,
controlled figures only, no identifiers, and its OpenAPI description checked by schemathesis."""

import datetime as dt
import json

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from hubspoke.audit.models import AuditEvent
from hubspoke.lib.disclosure import SUPPRESSED
from hubspoke.monitoring import actions, api
from hubspoke.network.actions import end_membership

BASE = "/api/monitoring/v1"
# Besides staff posts, the tables not about young people, shown without disclosure control.
NOT_ABOUT_YOUNG_PEOPLE = {"training_sessions", "training_audience", "what_works_trained_model", "system_meetings",
                          "system_meeting_outputs", "participation_activities", "participation_outputs"}


@pytest.fixture
def key(world):
    world.return_a()
    cache.clear()
    _, key = actions.create_api_token(actor=world.evaluator, name="Analysis", days=30)
    return key


def get(client, path, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(BASE + path, **headers)


def test_no_key_or_a_wrong_key_is_refused(client, key):
    assert get(client, "/periods").status_code == 401
    assert get(client, "/periods", key="hsk_wrong").status_code == 401
    assert get(client, "/periods", key=key).status_code == 200


def test_a_revoked_or_expired_key_stops_working(client, world, key):
    token = world.evaluator.api_tokens.get()
    with pytest.MonkeyPatch.context():
        future = timezone.now() + dt.timedelta(days=31)
        import time_machine

        with time_machine.travel(future, tick=False):
            assert get(client, "/periods", key=key).status_code == 401
    assert get(client, "/periods", key=key).status_code == 200
    actions.revoke_api_token(actor=world.evaluator, token=token)
    assert get(client, "/periods", key=key).status_code == 401


def test_a_key_stops_working_when_its_holder_is_no_longer_an_evaluator(client, world, key):
    end_membership(actor=world.admin, membership=world.memberships["evaluator"], reason="Left the evaluation team")
    assert get(client, "/periods", key=key).status_code == 401


def test_only_evaluators_hold_keys(signed_in, world):
    client = signed_in("programme_lead")
    assert client.get(reverse("monitoring:api_tokens")).status_code == 404
    client = signed_in("evaluator", recent=True)
    response = client.post(reverse("monitoring:api_tokens"), {"name": "Script", "days": "90"})
    assert response.status_code == 200
    new_key = response.context["new_key"]
    assert new_key.startswith("hsk_")
    token = world.evaluator.api_tokens.get(name="Script")
    assert token.key_hash != new_key and new_key not in json.dumps(list(world.evaluator.api_tokens.values()),
                                                                    default=str)
    assert client.get(reverse("monitoring:api_tokens")).content.decode().count(new_key) == 0  # shown once


def test_an_empty_form_for_a_new_key_says_what_is_missing(signed_in, world):
    response = signed_in("evaluator", recent=True).post(reverse("monitoring:api_tokens"), {})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter what the key is for" in page and "Select how long the key lasts" in page
    assert not world.evaluator.api_tokens.exists()


def test_calls_are_rate_limited_per_key(client, key, monkeypatch):
    monkeypatch.setattr(api.THROTTLE, "num_requests", 2)
    assert get(client, "/periods", key=key).status_code == 200
    assert get(client, "/periods", key=key).status_code == 200
    assert get(client, "/periods", key=key).status_code == 429


def test_returns_are_controlled_and_carry_no_identifier(client, world, key):
    r = world.return_a()
    periods = get(client, "/periods", key=key).json()
    assert periods[0]["key"] == r.period_start.isoformat()
    listed = get(client, f"/periods/{r.period_start.isoformat()}/returns", key=key).json()
    assert [item["ref"] for item in listed] == [str(r.uuid)]
    body = get(client, f"/returns/{r.uuid}", key=key)
    assert body.status_code == 200
    data = body.json()
    for section in data["sections"]:
        for table in section["tables"]:
            if not table["controlled"]:  # not about young people: staff posts, training, meetings
                assert table["id"].startswith("staff") or table["id"] in NOT_ABOUT_YOUNG_PEOPLE, table["id"]
                continue
            values = [c for row in table["rows"] for c in row["cells"] + [row["total"]]]
            values += (table["column_totals"] or []) + [table["grand_total"]]
            for v in values:
                assert v is None or v == SUPPRESSED or (isinstance(v, int) and (v == 0 or (v > 7 and v % 5 == 0))), (
                    table["id"], v)
    text = body.content.decode()
    referral = world.referral_a
    for identifier in (referral.subject_first_name, referral.subject_last_name, str(referral.uuid)):
        assert identifier not in text
    completeness = get(client, f"/periods/{r.period_start.isoformat()}/completeness", key=key).json()
    states = {row["service"]: row["state"] for row in completeness}
    assert states["North Hub"] in ("on_time", "late") and states["South Hub"] in ("due", "overdue")
    programme = get(client, f"/periods/{r.period_start.isoformat()}/programme", key=key).json()
    assert programme["returns_counted"] == 1
    assert AuditEvent.objects.filter(action="monitoring.monitoringreturn.api_read", subject_ref=str(r.uuid)).exists()


def test_drafts_and_other_programmes_returns_are_not_found(client, world, key):
    actions.ensure_returns([world.service_b])
    draft = world.service_b.monitoring_returns.first()
    assert get(client, f"/returns/{draft.uuid}", key=key).status_code == 404
    assert get(client, "/periods/1999-01-01/returns", key=key).status_code == 404
    assert get(client, "/returns/not-a-uuid", key=key).status_code == 422


def test_the_openapi_description_is_served(client, db):
    response = client.get(reverse("monitoring_api:openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/monitoring/v1/periods", "/api/monitoring/v1/returns/{ref}"} <= set(schema["paths"])


# --- schemathesis: every operation, generated inputs, no server error, nothing off-schema ----


def test_api_conforms_to_its_description(world, key):
    """schemathesis generates requests for every operation in the description (with a valid key,
    and with path values it invents) and checks each answer: no server error, and status, content
    type and body all as described."""
    from django.core.wsgi import get_wsgi_application

    # As Django's test client does: keep the test's database connection (and its transaction)
    # open across requests, which the WSGI handler would otherwise close after each one.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _run_schemathesis(get_wsgi_application(), key)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run_schemathesis(app, key):
    schema = schemathesis.openapi.from_wsgi(f"{BASE}/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            cache.clear()  # the rate limit is not what this test is about
            case.call_and_validate(headers={"Authorization": f"Bearer {key}"})

        check()


def test_a_key_stops_working_when_its_holder_has_no_second_factor(client, world, key):
    from allauth.mfa.models import Authenticator

    assert get(client, "/periods", key=key).status_code == 200
    Authenticator.objects.filter(user=world.evaluator).delete()  # the authenticator is removed
    assert get(client, "/periods", key=key).status_code == 401


def test_an_evaluator_without_a_second_factor_cannot_make_a_key(world):
    from allauth.mfa.models import Authenticator
    from django.core.exceptions import ValidationError

    Authenticator.objects.filter(user=world.evaluator).delete()
    with pytest.raises(ValidationError, match="authenticator"):
        actions.create_api_token(actor=world.evaluator, name="Script", days=30)
    assert not world.evaluator.api_tokens.exists()


def test_making_a_key_needs_a_recent_sign_in(signed_in, world):
    client = signed_in("evaluator")
    assert client.get(reverse("monitoring:api_tokens")).status_code == 200  # looking needs no step-up
    response = client.post(reverse("monitoring:api_tokens"), {"name": "Script", "days": "90"})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not world.evaluator.api_tokens.exists()


def test_someone_who_may_not_hold_keys_is_not_asked_to_reauthenticate(signed_in, world):
    client = signed_in("programme_lead")
    assert client.post(reverse("monitoring:api_tokens"), {"name": "Script", "days": "90"}).status_code == 404


def test_calls_are_rate_limited_per_person_across_their_keys(client, world, key, monkeypatch):
    monkeypatch.setattr(api.PERSON_THROTTLE, "num_requests", 3)
    keys = [key] + [actions.create_api_token(actor=world.evaluator, name=f"Script {n}", days=30)[1] for n in range(4)]
    statuses = [get(client, "/periods", key=k).status_code for k in keys]
    assert statuses == [200, 200, 200, 429, 429]
