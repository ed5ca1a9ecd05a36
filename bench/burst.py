"""The lone-working timer under a burst: many visits due in the same minute.

In the tier's database, ``VISITS`` visits in progress (spread over every hub and spoke worker)
are made due at the same moment (``next_action = amber``, ``next_action_at = now``). Then, once
in this process and once through the real ``db_worker``:

- in process: one ``safety.engine.advance()`` call is timed, then every outbox message it queued
  is sent with ``outbox.actions.deliver``, oldest first, as one worker would (texts through the
  logging backend, email through locmem: nothing leaves the machine);
- through the worker: ``manage.py db_worker`` is started (texts logged, email to locmem, in its
  own process), the ``safety.advance`` task is put on the queue at the due moment, as
  ``run_schedule`` would at the minute, and the worker runs it and then each message's sending
  task; the worker is stopped (by its own pid) once every message is sent.

Each run reports the visits moved, the messages, advance's wall time, and the lag from the
visits' due time to each message's ``sent_at`` (p50, p99, max), and whether every message was
sent within 60 s of due: on time, so the next minute's run would not find work still waiting.

The tier's own open visits are held out of the burst (their timers moved a century on, and back
afterwards), and the burst's rows are deleted afterwards: its visits and their events, its
outbox messages and its tasks. Nothing in the burst writes to the audit trail (the timer and
the outbox do not audit), so the append-only audit table is untouched."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VISITS = 2_000
ON_TIME = dt.timedelta(seconds=60)
WORKER_TIMEOUT_S = 600
PARK = "interval '100 years'"


def _sql(statement: str, params=None):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchall() if cur.description else cur.rowcount


def _make_visits(n: int, due: dt.datetime, tag: str) -> int:
    """``n`` visits in progress, due at ``due``, over every hub and spoke worker in turn."""
    return _sql("""
        INSERT INTO safety_visit (uuid, worker_id, service_id, spoke_id, place, location, meeting_with,
            meeting_with_detail, phone, vehicle, buddy_id, started_at, expected_end, check_in_every,
            last_check_in_at, state, next_action, next_action_at, chain_position, chain_round, duress,
            help_requested, amber_at, alarm_at, acknowledged_at, acknowledged_by, ended_at, resolved_at,
            resolved_by_id, incident_note)
        SELECT gen_random_uuid(), w.person_id, w.service_id, w.spoke_id, %(tag)s || ' ' || g, '', 'professionals',
            '', coalesce(p.phone, ''), coalesce(p.vehicle, ''), p.buddy_id, %(due)s - interval '65 minutes',
            %(due)s - interval '5 minutes', NULL, NULL, 'in_progress', 'amber', %(due)s, 0, 0, false, false, NULL, NULL,
            NULL, '', NULL, NULL, NULL, ''
        FROM generate_series(1, %(n)s) g
        JOIN (SELECT row_number() OVER (ORDER BY m.id) - 1 AS k, count(*) OVER () AS cnt, m.person_id,
                     coalesce(m.service_id, sp.service_id) AS service_id, m.spoke_id
              FROM network_membership m LEFT JOIN network_spoke sp ON sp.id = m.spoke_id
              WHERE m.role IN ('hub_worker', 'spoke_worker')) w ON w.k = g %% w.cnt
        LEFT JOIN safety_safetyprofile p ON p.person_id = w.person_id""", {"n": n, "due": due, "tag": tag})


def _burst_messages(tag: str) -> list[tuple]:
    """(channel, sent_at, status) of the burst's messages: their keys name the visit."""
    return _sql("""
        SELECT m.channel, m.sent_at, m.status FROM outbox_outgoingmessage m
        JOIN safety_visit v ON split_part(m.key, ':', 2) = v.uuid::text
        WHERE m.key LIKE 'safety:%%' AND v.place LIKE %(tag)s || ' %%'""", {"tag": tag})


def _clean(tag: str, since: dt.datetime) -> None:
    _sql("""
        DELETE FROM outbox_outgoingmessage m USING safety_visit v
        WHERE split_part(m.key, ':', 2) = v.uuid::text AND m.key LIKE 'safety:%%'
            AND v.place LIKE %(tag)s || ' %%'""", {"tag": tag})
    _sql("""DELETE FROM django_tasks_database_dbtaskresult WHERE enqueued_at >= %(since)s
            AND task_path IN ('hubspoke.outbox.tasks.send_message', 'hubspoke.safety.tasks.advance')""",
         {"since": since})
    _sql("""DELETE FROM safety_visitevent e USING safety_visit v
            WHERE e.visit_id = v.id AND v.place LIKE %(tag)s || ' %%'""", {"tag": tag})
    _sql("DELETE FROM safety_visit WHERE place LIKE %(tag)s || ' %%'", {"tag": tag})


def _figures(tag: str, due: dt.datetime, moved: int, advance_s: float | None, extra: dict) -> dict:
    rows = _burst_messages(tag)
    sent = [r for r in rows if r[2] == "sent"]
    lags = sorted((r[1] - due).total_seconds() for r in sent)

    def pct(p):
        if not lags:
            return None
        k = (len(lags) - 1) * p
        lo, hi = int(k), min(int(k) + 1, len(lags) - 1)
        return round(lags[lo] + (lags[hi] - lags[lo]) * (k - lo), 2)

    return {
        "visits": VISITS, "moved": moved, "messages": len(rows),
        "sms": sum(1 for r in rows if r[0] == "sms"), "email": sum(1 for r in rows if r[0] == "email"),
        "sent": len(sent), "advance_s": None if advance_s is None else round(advance_s, 2),
        "lag_p50_s": pct(0.5), "lag_p99_s": pct(0.99), "lag_max_s": round(lags[-1], 2) if lags else None,
        "lag_mean_s": round(statistics.mean(lags), 2) if lags else None,
        "on_time": bool(rows) and len(sent) == len(rows) and lags[-1] <= ON_TIME.total_seconds(),
        **extra,
    }


def in_process() -> dict:
    from django.core import mail
    from django.test.utils import override_settings
    from django.utils import timezone

    from hubspoke.outbox import actions as outbox
    from hubspoke.outbox.models import OutgoingMessage
    from hubspoke.safety import engine

    tag = f"Bench burst {time.time_ns()}"
    due = timezone.now()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                           HUBSPOKE_SMS_BACKEND="hubspoke.outbox.sms.LoggingBackend"):
        mail.outbox = []  # the other jobs' emails are not the burst's
        try:
            _make_visits(VISITS, due, tag)
            started = time.perf_counter()
            moved = engine.advance()
            advance_s = time.perf_counter() - started
            uuids = [str(u) for u in OutgoingMessage.objects.filter(status="queued", created_at__gte=due,
                                                                     key__startswith="safety:")
                     .order_by("created_at", "pk").values_list("uuid", flat=True)]
            started = time.perf_counter()
            for ref in uuids:
                outbox.deliver(message_uuid=ref)
            deliver_s = time.perf_counter() - started
            result = _figures(tag, due, moved, advance_s, {"deliver_s": round(deliver_s, 2),
                                                           "emails_in_locmem": len(getattr(mail, "outbox", []))})
        finally:
            _clean(tag, due)
            mail.outbox = []
    return result


def through_worker() -> dict:
    """The same burst through ``manage.py db_worker``, started before the visits are due."""
    from django.utils import timezone

    from hubspoke.safety.tasks import advance

    held = _sql("UPDATE django_tasks_database_dbtaskresult SET queue_name = 'bench-held' "
                "WHERE status = 'READY' AND queue_name = 'default'")
    log = open(ROOT / "var" / "bench" / "db_worker.log", "a")  # noqa: SIM115
    env = {**os.environ, "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
           "HUBSPOKE_SMS_BACKEND": "hubspoke.outbox.sms.LoggingBackend"}
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                               "--verbosity", "0"], cwd=ROOT, env=env, stdout=log, stderr=log)
    tag = f"Bench burst worker {time.time_ns()}"
    due = None
    try:
        time.sleep(5)  # the worker is up and polling the queue (every second when idle)
        if worker.poll() is not None:
            raise RuntimeError("db_worker did not start: see var/bench/db_worker.log")
        due = timezone.now()
        _make_visits(VISITS, due, tag)
        result = advance.enqueue()
        deadline = time.monotonic() + WORKER_TIMEOUT_S
        while time.monotonic() < deadline:
            time.sleep(1)
            state = _sql("SELECT status, started_at, finished_at, return_value FROM "
                         "django_tasks_database_dbtaskresult WHERE id = %s", [result.id])[0]
            if state[0] in ("SUCCESSFUL", "FAILED"):
                rows = _burst_messages(tag)
                if state[0] == "FAILED" or all(r[2] in ("sent", "failed") for r in rows):
                    break
        status, started_at, finished_at, moved = state
        last_sent = _sql("SELECT max(sent_at) FROM outbox_outgoingmessage WHERE created_at >= %s", [due])[0][0]
        return _figures(tag, due, int(moved or 0),
                        (finished_at - started_at).total_seconds() if finished_at else None,
                        {"advance_task": status.lower(),
                         "advance_started_after_due_s": round((started_at - due).total_seconds(), 2)
                         if started_at else None,
                         # From advance's end to the last message sent: the worker sending them one task each.
                         "sending_s": round((last_sent - finished_at).total_seconds(), 2)
                         if last_sent and finished_at else None,
                         "timed_out": time.monotonic() >= deadline})
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        if due is not None:
            _clean(tag, due)
        if held:
            _sql("UPDATE django_tasks_database_dbtaskresult SET queue_name = 'default' WHERE queue_name = 'bench-held'")


def run(personas: dict) -> dict:
    """Both bursts, with the tier's own open visits held out; tiers without the safety app (or
    generated before it) have none."""
    from django.apps import apps

    if not apps.is_installed("hubspoke.safety") or "timed_visit" not in personas:
        print("  safety: no lone-working data here, the burst not run")
        return {}
    for name in ("hubspoke.outbox", "hubspoke.sms", "hubspoke.safety"):
        logging.getLogger(name).setLevel(logging.ERROR)  # a line per message, and the alarm warnings
    parked = _sql(f"UPDATE safety_visit SET next_action_at = next_action_at + {PARK} "
                  "WHERE next_action_at IS NOT NULL RETURNING id")
    ids = [row[0] for row in parked]
    out = {}
    try:
        out["in_process"] = in_process()
        print(f"  burst in process: {out['in_process']}")
        out["db_worker"] = through_worker()
        print(f"  burst through db_worker: {out['db_worker']}")
    finally:
        if ids:
            _sql(f"UPDATE safety_visit SET next_action_at = next_action_at - {PARK} WHERE id = ANY(%s)", [ids])
    return out
