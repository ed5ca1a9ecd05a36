"""Two workers racing for the same step, and a worker killed mid-step, on PostgreSQL with real
connections and real processes (a throw-away database: the audit table cannot be emptied)."""

import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


@contextmanager
def scratch_database():
    if connection.vendor != "postgresql":
        pytest.skip("Two connections and killed processes: PostgreSQL only")
    import psycopg

    base_url = os.environ["DATABASE_URL"]
    name = f"hubspoke_safety_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name,
           "DJANGO_SETTINGS_MODULE": "hubspoke.settings", "HUBSPOKE_LOG_LEVEL": "WARNING",
           "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
           "HUBSPOKE_SMS_BACKEND": "hubspoke.outbox.sms.LoggingBackend"}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
        yield env
    finally:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(env, step, *, expect=0):
    result = subprocess.run([sys.executable, "-m", "hubspoke.safety.tests.race", step], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == expect, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


def test_two_workers_racing_move_each_visit_once_and_send_one_message_per_step():
    with scratch_database() as env:
        outcome = run(env, "race")
    assert outcome["vendor"] == "postgresql"
    assert sum(outcome["moved"]) == 80  # 40 visits, two moves each, shared between the workers
    assert outcome["events"] == {"amber": 40, "buddy": 40}
    # Amber: a text and an email to each worker; buddy: a text and an email to the manager.
    assert outcome["messages"] == 40 * 2 + 40 * 2


def test_a_worker_killed_between_claiming_a_step_and_sending_sends_it_once_after_restart():
    with scratch_database() as env:
        run(env, "die_setup")
        run(env, "die_after_claim", expect=3)  # killed before its transaction committed
        first = run(env, "restart")
    assert first["amber_events"] == 1 and first["visits_amber"] == 1
    assert first["texts"] == ["+447700900000"]
    assert "queued" not in first["statuses"] and "sending" not in first["statuses"]


def test_a_worker_killed_while_sending_the_message_sends_it_once_after_restart():
    with scratch_database() as env:
        run(env, "die_setup")
        run(env, "die_while_sending", expect=3)  # committed the step, claimed the text, died
        after = run(env, "restart")
    assert after["amber_events"] == 1
    assert after["texts"] == ["+447700900000"]
    assert set(after["statuses"]) == {"sent"}
