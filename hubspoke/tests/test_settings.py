"""Production mode, checked in a fresh process each time, exactly as an operator would start it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "production-test-key-" + "x7Q2" * 10


def manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("HUBSPOKE_", "DJANGO_"))}
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


def test_sqlite_uses_wal_and_immediate_transactions(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
