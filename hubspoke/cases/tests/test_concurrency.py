import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def test_two_managers_allocating_at_once_exactly_one_succeeds():
    """On PostgreSQL, with two real connections racing: exactly one allocation wins, the other
    is told plainly who allocated it, and one case exists."""
    if connection.vendor != "postgresql":
        pytest.skip("Two-connection race: PostgreSQL only (SQLite serialises writers with IMMEDIATE transactions)")
    import psycopg

    base_url = os.environ["DATABASE_URL"]
    name = f"hubspoke_race_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name,
           "DJANGO_SETTINGS_MODULE": "hubspoke.settings", "HUBSPOKE_LOG_LEVEL": "WARNING"}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
        result = subprocess.run([sys.executable, "-m", "hubspoke.cases.tests.race"], cwd=ROOT, env=env,
                                check=True, capture_output=True, text=True, timeout=120)
    finally:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["vendor"] == "postgresql"
    assert outcome["cases"] == 1
    assert sorted(outcome["outcomes"].values(), key=lambda v: v != "allocated")[0] == "allocated"
    refused = [v for v in outcome["outcomes"].values() if v != "allocated"]
    assert len(refused) == 1 and refused[0].startswith("This referral has already been allocated to worker_")
