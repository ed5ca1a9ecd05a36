"""Production mode, checked in a fresh process each time, exactly as an operator would start it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "production-test-key-" + "x7Q2" * 10


def manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("HUBSPOKE_", "DJANGO_", "DATABASE_URL"))}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {"HUBSPOKE_MODE": "production", "DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "hubspoke.example"}


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_production_refuses_the_demo_flag():
    result = manage("check", **PRODUCTION, HUBSPOKE_DEMO="1")
    assert result.returncode != 0
    assert "HUBSPOKE_DEMO is refused in production mode" in result.stderr


@pytest.mark.parametrize("key", ["", "short"])
def test_production_refuses_to_start_without_a_secret_key(key):
    result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": key})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_needs_allowed_hosts():
    result = manage("check", **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_sqlite_file_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    """The test database lives in memory, so check a real file database as `make demo` makes it."""
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); mode = c.fetchone()[0]\n"
        "    c.execute('PRAGMA busy_timeout'); timeout = c.fetchone()[0]\n"
        "print(mode, timeout, connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = manage("shell", "-c", script, HUBSPOKE_SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    assert result.returncode == 0, result.stderr
    mode, timeout, transaction_mode = result.stdout.split()[-3:]
    assert mode == "wal"
    assert int(timeout) >= 5000
    assert transaction_mode == "IMMEDIATE"
