import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def test_two_workers_never_send_the_same_message_twice():
    """On PostgreSQL, two workers on their own connections, with two tasks queued for every
    message, send each message exactly once; two deliveries of one message at the same instant
    send it once. (A throw-away database: the audit table cannot be emptied between tests.)"""
    if connection.vendor != "postgresql":
        pytest.skip("Two-connection race: PostgreSQL only (SQLite serialises writers with IMMEDIATE transactions)")
    import psycopg

    base_url = os.environ["DATABASE_URL"]
    name = f"hubspoke_race_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name,
           "DJANGO_SETTINGS_MODULE": "hubspoke.settings", "HUBSPOKE_LOG_LEVEL": "WARNING",
           "DJANGO_EMAIL_BACKEND": "hubspoke.outbox.tests.race.SlowMailServer"}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
        result = subprocess.run([sys.executable, "-m", "hubspoke.outbox.tests.race"], cwd=ROOT, env=env,
                                check=True, capture_output=True, text=True, timeout=120)
    finally:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["vendor"] == "postgresql"
    assert outcome["received"] == {**{f"message {n}": 1 for n in range(10)}, "last": 1}
    assert outcome["outcomes"] == ["sent", "skipped"]
    assert outcome["sent"] == 11
