"""Time the pages through gunicorn over loopback, with signed-in sessions, and the SQL floors.

Runs inside Django (DJANGO_SETTINGS_MODULE=bench.settings, DATABASE_URL=the tier's database):
sessions are minted with Django's session machinery for chosen people (each has a TOTP
authenticator, so no demo flag is needed); the server is started with the same settings, which
add ``X-Bench-Queries`` and ``X-Bench-Ms`` to every response."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or _free_port())
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "HUBSPOKE_IDLE_TIMEOUT_MINUTES": "1440",
        "HUBSPOKE_SESSION_MAX_HOURS": "48",
    }


@contextmanager
def gunicorn(workers: int = WORKERS):
    """gunicorn with sync workers on 127.0.0.1, stopped (by its own pid) afterwards."""
    log = open(ROOT / "var" / "bench" / "gunicorn.log", "a")  # noqa: SIM115
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "hubspoke.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(workers), "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=server_env(), stdout=log, stderr=log,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("gunicorn did not start: see var/bench/gunicorn.log") from None
                time.sleep(0.1)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def session_cookie(user, *, stepped_up: bool = False) -> str:
    """A signed-in session for ``user``, as Django's login() would leave it; ``stepped_up``: with
    a password entered (dated an hour ahead, so that it stays recent for the whole run), for
    pages behind re-authentication."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from hubspoke.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SESSION_STARTED] = store[SESSION_LAST_SEEN] = int(time.time())
    if stepped_up:
        store["account_authentication_methods"] = [{"method": "password", "at": time.time() + 3600,
                                                    "reauthenticated": True}]
        store["account_authentication_methods_user"] = str(user.pk)
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def pages(personas: dict) -> list[dict]:
    """The timed pages: (name, who, path)."""
    from django.urls import reverse

    from hubspoke.cases.models import Case

    case = Case.objects.select_related("young_person").get(pk=personas["timed_case"])
    ref = case.uuid
    return [
        {"page": "cases:mine", "who": "worker", "path": reverse("cases:mine")},
        {"page": "cases:detail", "who": "worker", "path": reverse("cases:detail", args=[ref])},
        {"page": "cases:contacts", "who": "worker", "path": reverse("cases:contacts", args=[ref])},
        {"page": "cases:chronology", "who": "worker", "path": reverse("cases:chronology", args=[ref])},
        {"page": "referrals:inbox", "who": "manager", "path": reverse("referrals:inbox")},
        {"page": "cases:waiting_list", "who": "manager", "path": reverse("cases:waiting_list")},
        {"page": "cases:team", "who": "manager", "path": reverse("cases:team")},
        {"page": "audit:who_has_seen", "who": "manager",
         "path": reverse("audit:who_has_seen", args=["cases.case", ref])},
        {"page": "monitoring:return", "who": "manager",
         "path": reverse("monitoring:return", args=[personas["draft_return"]])},
        {"page": "monitoring:programme_return", "who": "programme_lead",
         "path": reverse("monitoring:programme_return")},
        {"page": "monitoring:programme", "who": "programme_lead", "path": reverse("monitoring:programme")},
        # The young person's page, with its sharing panel (the timed case: 30 disclosures).
        {"page": "referrals:young_person", "who": "worker",
         "path": reverse("referrals:young_person", args=[case.young_person.uuid])},
        *_if_named("sharing:log", "manager"),
        # Retention: records due for review, and the certificates of disposal (twenty a service).
        *_if_named("retention:due", "manager"),
        *_if_named("retention:certificates", "manager"),
        # The police partner of the timed spoke's area (tiers generated before sharing have none).
        *(_if_named("sharing:partner_home", "partner") if "partner" in personas else []),
        # The young person's own story: the case's story page (the timed case: twelve versions)
        # and its latest version's PDF, made on every request (tiers generated before stories have none).
        *_story_pages(case),
        # Subject access requests: the list, and the review of the timed case's young person's
        # whole record (tiers generated before subject access have none).
        *_if_named("rights:requests", "manager"),
        *(_if_named("rights:review", "manager", args=[personas["timed_sar"]]) if "timed_sar" in personas else []),
        # Worker safety (tiers generated before it have no visits): the manager's board, the
        # worker's own page and their open visit, the manager on a red alarm at their service,
        # the programme's counts, and the supervision list as a worker and as a manager. The
        # team page (cases:team, above) has the supervision and incident columns.
        *(_safety_pages(personas) if "timed_visit" in personas else []),
        # Work with professionals (tiers generated before it have none): the overview and each
        # kind's list as the manager (the whole service), the timed case's open challenge and
        # the timed training session with its 40 answers as the worker, and the session's public
        # feedback page, signed out.
        *(_engagement_pages(personas) if "timed_training" in personas else []),
        # Young people's feedback (tiers generated before it have none): the timed case's
        # feedback as its worker, the service's feedback together as the manager, and the young
        # person's page behind the timed case's open link, signed out.
        *(_participation_pages(personas, ref) if "feedback_link_token" in personas else []),
    ]


def _participation_pages(personas: dict, ref) -> list[dict]:
    return [
        *_if_named("participation:case", "worker", args=[ref]),
        *_if_named("participation:feedback", "manager"),
        *_if_named("your_views", "signed_out", args=[personas["feedback_link_token"]]),
        # The programme survey: the list, its answers at service 1 as its manager (exact, with the
        # words), every service's together as the programme lead (controlled), and service 1's
        # open link, signed out.
        *([*_if_named("participation:surveys", "manager"),
           *_if_named("participation:survey_results", "manager", args=[personas["survey"]],
                      label="participation:survey_results (service)"),
           *_if_named("participation:survey_results", "programme_lead", args=[personas["survey"]],
                      label="participation:survey_results (programme)"),
           *_if_named("survey_answer", "signed_out", args=[personas["survey_token"]])]
          if "survey" in personas else []),
        # Participation activities: the quarter's list as the manager, the timed activity (thirty
        # young people) and the timed case's taking part as the worker, and service 1's quarterly
        # report exactly as its manager, controlled as the programme lead, and as a spreadsheet.
        *([*_if_named("participation:activities", "manager"),
           *_if_named("participation:activity", "worker", args=[personas["timed_activity"]]),
           *_if_named("participation:taking_part", "worker", args=[ref]),
           *_if_named("participation:report", "manager", args=[personas["report_service"]],
                      label="participation:report (service)"),
           *_if_named("participation:report", "programme_lead", args=[personas["report_service"]],
                      label="participation:report (programme)"),
           *_if_named("participation:report_xlsx", "programme_lead", args=[personas["report_service"]])]
          if "timed_activity" in personas else []),
    ]


def _engagement_pages(personas: dict) -> list[dict]:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("engagement:index")
    except NoReverseMatch:
        print("  engagement: no such URL here, not timed")
        return []
    return [
        {"page": "engagement:index", "who": "manager", "path": reverse("engagement:index")},
        *({"page": f"engagement:list ({kind})", "who": "manager",
           "path": reverse("engagement:list", kwargs={"kind": kind})}
          for kind in ("consultations", "training", "prevention", "meetings", "challenges")),
        {"page": "engagement:detail (challenge)", "who": "worker",
         "path": reverse("engagement:detail", kwargs={"kind": "challenges", "ref": personas["timed_challenge"]})},
        {"page": "engagement:detail (training)", "who": "worker",
         "path": reverse("engagement:detail", kwargs={"kind": "training", "ref": personas["timed_training"]})},
        {"page": "training_feedback", "who": "signed_out",
         "path": reverse("training_feedback", kwargs={"token": personas["feedback_token"]})},
    ]


def _safety_pages(personas: dict) -> list[dict]:
    return [
        *_if_named("safety:board", "manager"),
        *_if_named("safety:index", "worker"),
        *_if_named("safety:visit", "worker", args=[personas["timed_visit"]]),
        *_if_named("safety:alarm", "manager", args=[personas["red_visit"]]),
        *_if_named("safety:counts", "programme_lead"),
        *_if_named("safety:supervision_list", "worker"),
        *_if_named("safety:supervision_list", "manager", label="safety:supervision_list (manager)"),
    ]


def _story_pages(case) -> list[dict]:
    from django.apps import apps
    from django.urls import reverse

    if not apps.is_installed("hubspoke.stories"):
        return []
    from hubspoke.stories.models import StoryVersion

    latest = StoryVersion.objects.filter(story__case=case).order_by("-number").first()
    if latest is None:
        print("  stories: the timed case has no story here, not timed")
        return []
    return [{"page": "stories:story", "who": "worker", "path": reverse("stories:story", args=[case.uuid])},
            {"page": "stories:version_pdf", "who": "worker_stepped_up",
             "path": reverse("stories:version_pdf", args=[latest.uuid])}]


def _if_named(name: str, who: str, args=(), label: str = "") -> list[dict]:
    """A page timed once its URL exists: a harness older or newer than the pages still runs.
    ``label`` names a page timed a second time, as someone else."""
    from django.urls import NoReverseMatch, reverse

    try:
        return [{"page": label or name, "who": who, "path": reverse(name, args=args)}]
    except NoReverseMatch:
        print(f"  {name}: no such URL here, not timed")
        return []


def get(conn: http.client.HTTPConnection, path: str, cookie: str) -> tuple[int, float, float, int, int]:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    client_ms = (time.perf_counter() - started) * 1000
    return (response.status, client_ms, float(response.getheader("X-Bench-Ms", "nan")),
            int(response.getheader("X-Bench-Queries", "-1")), len(body))


def time_pages(personas: dict, requests: int) -> list[dict]:
    from hubspoke.accounts.models import User

    cookies = {who: session_cookie(User.objects.get(pk=personas[who]))
               for who in ("worker", "manager", "programme_lead", "partner") if who in personas}
    cookies["worker_stepped_up"] = session_cookie(User.objects.get(pk=personas["worker"]), stepped_up=True)
    cookies["signed_out"] = ""  # the training feedback page: no account
    results = []
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    timed = pages(personas)
    # Warm every worker on every page first: a worker's first request of a page loads its
    # templates and code, and showed up as a 300 ms p95.
    for _ in range(3 * WORKERS):
        for page in timed:
            get(conn, page["path"], cookies[page["who"]])
    for page in timed:
        cookie = cookies[page["who"]]
        for _ in range(2 * WORKERS):  # warm every worker: templates, connections, caches
            status, *_ = get(conn, page["path"], cookie)
        server, client, queries, statuses = [], [], set(), set()
        size = 0
        for _ in range(requests):
            status, client_ms, server_ms, count, size = get(conn, page["path"], cookie)
            statuses.add(status)
            client.append(client_ms)
            server.append(server_ms)
            queries.add(count)
        row = {
            **page, "status": sorted(statuses), "queries": sorted(queries), "bytes": size, "n": requests,
            "p50_ms": round(percentile(server, 0.5), 1), "p95_ms": round(percentile(server, 0.95), 1),
            "client_p50_ms": round(percentile(client, 0.5), 1), "client_p95_ms": round(percentile(client, 0.95), 1),
        }
        print(f"  {row['page']:<30} {row['status']} q={row['queries']} p50={row['p50_ms']} ms p95={row['p95_ms']} ms")
        results.append(row)
    conn.close()
    return results


# --- floors ------------------------------------------------------------------------------

CASELOAD_SQL = """
SELECT a.id, c.id, c.uuid, c.opened_at, c.first_contact_on, y.uuid, y.first_name, y.last_name, y.known_as,
       y.date_of_birth, sp.name, s.name,
       w.weight, acc.accepted_at, od.n, lv.level_label, lv.level_rank, lv.next_review_on,
       lr.last_reached, coalesce(att.n, 0)
FROM cases_allocation a
JOIN cases_case c ON c.id = a.case_id AND c.status = 'open'
JOIN referrals_youngperson y ON y.id = c.young_person_id
JOIN network_service s ON s.id = c.service_id
LEFT JOIN network_spoke sp ON sp.id = c.spoke_id
LEFT JOIN LATERAL (SELECT max(CASE r.urgency WHEN 'immediate' THEN 2 WHEN 'urgent' THEN 1.5 ELSE 1 END) AS weight
                   FROM cases_casereferral cr JOIN referrals_referral r ON r.id = cr.referral_id
                   WHERE cr.case_id = c.id) w ON true
LEFT JOIN LATERAL (SELECT min(d.decided_at) AS accepted_at FROM cases_casereferral cr
                   JOIN referrals_referraldecision d ON d.referral_id = cr.referral_id AND d.kind = 'accepted'
                   WHERE cr.case_id = c.id) acc ON true
LEFT JOIN LATERAL (SELECT count(*) AS n FROM cases_plangoal g JOIN cases_planaction pa ON pa.goal_id = g.id
                   WHERE g.case_id = c.id AND pa.status = 'to_do' AND pa.due_on < current_date) od ON true
LEFT JOIN LATERAL (SELECT level_label, level_rank, next_review_on FROM assessments_assessment x
                   WHERE x.young_person_id = y.id AND x.status = 'completed'
                   ORDER BY assessed_on DESC, completed_at DESC, id DESC LIMIT 1) lv ON true
LEFT JOIN LATERAL (SELECT max(occurred_at) AS last_reached FROM cases_contact k
                   WHERE k.case_id = c.id AND k.reached) lr ON true
LEFT JOIN LATERAL (SELECT count(*) AS n FROM cases_contact k WHERE k.case_id = c.id AND NOT k.reached
                   AND k.occurred_at > coalesce(lr.last_reached, c.opened_at)) att ON true
WHERE a.worker_id = %s AND a.ends_at IS NULL
ORDER BY y.last_name, a.id
"""


def _options(db: dict) -> dict:
    """The startup options Hubspoke's own connections send (its planner settings), so that the
    raw statements are planned as the application's are."""
    options = db.get("OPTIONS", {}).get("options")
    return {"options": options} if options else {}


def _time_sql(statements: list[tuple[str, list]], runs: int) -> dict:
    """Time running these statements (and fetching every row) on a fresh psycopg connection."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"],
                         dbname=db["NAME"], autocommit=True, **_options(db)) as conn:
        timings = []
        for n in range(runs + 3):
            started = time.perf_counter()
            for sql, params in statements:
                with conn.cursor() as cur:
                    cur.execute(sql.encode() if not params else sql, params or None)
                    if cur.description:
                        cur.fetchall()
            if n >= 3:
                timings.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(timings), 2), "p95_ms": round(percentile(timings, 0.95), 2),
            "statements": len(statements)}


def floors(personas: dict, runs: int) -> dict:
    """Caseload: hand-written SQL for the same rows and columns. Service-quarter return: the
    statements ``indicators.compute`` sends for that service and quarter, replayed without the
    ORM or Python around them (the database's share of the page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hubspoke.monitoring import indicators
    from hubspoke.monitoring.models import MonitoringReturn

    out = {"cases:mine": {**_time_sql([(CASELOAD_SQL, [personas["worker"]])], runs),
                          "kind": "hand-written SQL (one statement)"}}
    r = MonitoringReturn.objects.select_related("service").get(uuid=personas["draft_return"])
    compute_ms = []
    for _ in range(8):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            indicators.compute([r.service], r.period_start, r.period_end)
            compute_ms.append((time.perf_counter() - started) * 1000)
    statements = [(q["sql"], None) for q in captured.captured_queries]
    out["monitoring:return"] = {**_time_sql(statements, runs),
                                "kind": "the statements indicators.compute sends, replayed raw"}
    out["indicators.compute (service 1, one quarter)"] = {
        "p50_ms": round(statistics.median(compute_ms[2:]), 1), "p95_ms": round(max(compute_ms[2:]), 1),
        "statements": len(statements)}
    return out


def programme_compute(runs: int = 2) -> dict:
    """indicators.compute for every service at once, one quarter: what the programme-wide figures
    would cost live, were they not summed from submitted versions."""
    from hubspoke.monitoring import indicators
    from hubspoke.monitoring.models import MonitoringReturn
    from hubspoke.network.models import Service

    latest = MonitoringReturn.objects.order_by("-period_start").first()
    services = list(Service.objects.order_by("pk"))
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        indicators.compute(services, latest.period_start, latest.period_end)
        seconds.append(time.perf_counter() - started)
    return {"services": len(services), "p50_s": round(statistics.median(seconds), 2), "max_s": round(max(seconds), 2)}


def _record_jobs(personas: dict) -> list[tuple[str, object]]:
    """The young person's own record, as the worker and the managers' pages do it: gathering the
    timed case's whole record for a subject access request, making its bundle (the PDF, the JSON
    and the ZIP, in memory: nothing stored), and the programme's records due for review.
    Tiers generated before these apps have none of them, and say so."""
    from django.apps import apps

    found = []
    if "timed_sar" in personas and apps.is_installed("hubspoke.rights"):
        from hubspoke.rights import bundle
        from hubspoke.rights import gather as rights_gather
        from hubspoke.rights.models import SubjectAccessRequest

        sar = SubjectAccessRequest.objects.select_related("service", "young_person").get(uuid=personas["timed_sar"])
        found += [("subject access: gather the timed case's whole record",
                   lambda: len(rights_gather.gather(sar.young_person))),
                  ("subject access: make the timed case's bundle (PDF, JSON, ZIP)", lambda: len(bundle.build(sar)[0]))]
    else:
        print("  rights: no timed subject access request here, its jobs not timed")
    if apps.is_installed("hubspoke.retention"):
        from hubspoke.lib.dates import today
        from hubspoke.network.models import Service
        from hubspoke.retention import queries as retention

        services = list(Service.objects.values_list("pk", flat=True))
        found.append(("retention: records due for review, every service",
                      lambda: sum(len(part) for part in retention.due_for_review(services, today=today()))))
    return found


def jobs(personas: dict, runs: int = 5) -> dict:
    """The background worker's jobs, timed in the process as the worker runs them, each inside a
    transaction that is rolled back so the tier's data stays as generated: the daily drafts
    (for a quarter just ended, every service owes one), pruning notifications, and the outbox
    (100 emails written in one change, then each claimed and sent with the in-memory mail
    backend, as ``db_worker`` would; the sweep over them)."""
    import datetime as dt
    import logging

    from django.db import transaction
    from django.test.utils import override_settings

    from hubspoke.monitoring import actions as monitoring
    from hubspoke.monitoring.models import MonitoringReturn
    from hubspoke.notifications import actions as notifications
    from hubspoke.outbox import actions as outbox

    logging.getLogger("hubspoke.outbox").setLevel(logging.WARNING)  # one line per message sent
    latest = MonitoringReturn.objects.order_by("-period_end").first()
    next_quarter_ended = latest.period_end + dt.timedelta(days=100)

    def timed(work) -> tuple[float, object]:
        with transaction.atomic():
            started = time.perf_counter()
            made = work()
            elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)
        return elapsed, made

    def outbox_round():
        messages = [outbox.enqueue_email(key=f"bench-{n}", to=[f"person{n}@bench.invalid"], subject="A referral",
                                         body="Open Hubspoke to see it: https://hubspoke.invalid/") for n in range(100)]
        for message in messages:
            outbox.deliver(message_uuid=str(message.uuid))
        return len(messages)

    out = {}
    for name, work in (
        ("daily drafts, a quarter just ended", lambda: monitoring.make_due_drafts(today=next_quarter_ended)),
        ("daily drafts, nothing due", lambda: monitoring.make_due_drafts(today=latest.period_end)),
        ("prune notifications", notifications.prune),
        ("outbox: 100 emails written and sent", outbox_round),
        ("outbox sweep", outbox.sweep),
        *_record_jobs(personas),
    ):
        times, made = [], None
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for _ in range(runs):
                elapsed, made = timed(work)
                times.append(elapsed)
        out[name] = {"p50_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
                     "result": made if isinstance(made, int) else None}
    return out


def machine() -> dict:
    """What the figures were measured on."""
    import platform

    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        version = cur.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "max_connections", "random_page_cost",
                     "jit", "max_parallel_workers_per_gather", "synchronous_commit"):
            cur.execute(f"SHOW {name}")
            settings[name] = cur.fetchone()[0]
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    mem_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(), "postgresql": version,
            "postgresql_settings": settings, "gunicorn_workers": WORKERS}


def run(tier: str, requests: int) -> dict:
    import django

    django.setup()
    from bench.__main__ import load_results, save_results

    results = load_results(tier)
    personas = results["generation"]["personas"]
    ci = subprocess.run(["pgrep", "-f", ".ci/run"], capture_output=True, text=True).stdout.split()
    print(f"Timing {tier} ({requests} requests per page){'; CI is running: noisy' if ci else ''}")
    with gunicorn():
        pages_timed = time_pages(personas, requests)
    results["pages"] = pages_timed
    results["floors"] = floors(personas, requests)
    results["programme_compute"] = programme_compute()
    results["jobs"] = jobs(personas)
    from bench import burst

    results["burst"] = burst.run(personas)
    results["ci_running_during_timing"] = bool(ci)
    results["machine"] = machine()
    results["pg_options"] = os.environ.get("PGOPTIONS", "")
    results["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    save_results(tier, results)
    for name, floor in results["floors"].items():
        print(f"  floor {name}: p50={floor['p50_ms']} ms")
    print(f"  compute, all services: {results['programme_compute']}")
    for name, job in results["jobs"].items():
        print(f"  job {name}: p50={job['p50_ms']} ms")
    return results
