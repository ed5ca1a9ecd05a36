"""A mixed load of concurrent signed-in people for a minute, with wrk over loopback.

wrk rather than locust: on a two-core machine the load generator shares the cores with gunicorn
and PostgreSQL, and wrk (C, one thread per core, Lua for the request mix) takes a small fraction
of the CPU a Python load generator would, so the figures measure Hubspoke rather than the
client. The mix: workers across services opening their caseload, a case, its contacts and
chronology (most requests); managers their inbox, waiting list and team; a programme lead the
dashboard."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 16
LUA = """
local pages = {
%(pages)s
}
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end
function init(args)
  errors = 0
  i = offset
end
function request()
  i = i + 1
  local p = pages[(i %% #pages) + 1]
  return wrk.format("GET", p[1], {["Cookie"] = p[2], ["Host"] = "127.0.0.1"})
end
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
function done(summary, latency, requests)
  local e = 0
  for _, t in ipairs(threads) do e = e + t:get("errors") end
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_s": %%.2f, "p50_ms": %%.1f, "p95_ms": %%.1f, "p99_ms": %%.1f, '
    .. '"max_ms": %%.1f, "non_200": %%d, "connect_errors": %%d, "read_errors": %%d, "write_errors": %%d, '
    .. '"timeouts": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
"""


def mix(personas: dict) -> list[tuple[str, str]]:
    """(path, cookie) pairs, weighted by repetition: 24 workers in different services, 6 managers,
    1 programme lead."""
    from django.urls import reverse

    from bench.measure import session_cookie
    from hubspoke.accounts.models import User
    from hubspoke.cases.models import Allocation
    from hubspoke.network.models import Membership

    entries = []
    workers = list(
        Allocation.objects.filter(ends_at__isnull=True, case__status="open")
        .order_by("worker_id", "case_id").distinct("worker_id").values_list("worker_id", "case__uuid")[:24]
    )
    for worker_id, case_ref in workers:
        cookie = session_cookie(User.objects.get(pk=worker_id))
        for name in ("cases:mine", "cases:mine", "cases:detail", "cases:contacts", "cases:chronology"):
            path = reverse(name) if name == "cases:mine" else reverse(name, args=[case_ref])
            entries.append((path, cookie))
    managers = Membership.objects.filter(role="service_manager").order_by("service_id")[:6]
    for m in managers:
        cookie = session_cookie(m.person)
        for name in ("referrals:inbox", "cases:waiting_list", "cases:team"):
            entries.append((reverse(name), cookie))
    lead = session_cookie(User.objects.get(pk=personas["programme_lead"]))
    entries.append((reverse("monitoring:programme"), lead))
    # Interleave so that each connection meets every kind of page.
    return entries[::2] + entries[1::2]


def run(tier: str, seconds: int) -> dict:
    import django

    django.setup()
    from bench.__main__ import load_results, save_results
    from bench.measure import PORT, gunicorn

    wrk = shutil.which("wrk")
    results = load_results(tier)
    if wrk is None:
        print("wrk is not installed (apt-get install wrk): skipping the load run")
        return results
    entries = mix(results["generation"]["personas"])
    script = ROOT / "var" / "bench" / "mix.lua"
    script.write_text(LUA % {"pages": ",\n".join(f'  {{"{p}", "{c}"}}' for p, c in entries)})
    print(f"Load on {tier}: {CONNECTIONS} connections for {seconds} s, {len(entries)} pages in the mix")
    with gunicorn():
        started = time.perf_counter()
        out = subprocess.run([wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
                              f"http://127.0.0.1:{PORT}/"], capture_output=True, text=True, check=True).stdout
        elapsed = time.perf_counter() - started
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    load = json.loads(line[len("BENCH "):])
    load["throughput_rps"] = round(load["requests"] / load["duration_s"], 1)
    load["errors"] = sum(load[k] for k in ("non_200", "connect_errors", "read_errors", "write_errors", "timeouts"))
    load.update({"connections": CONNECTIONS, "seconds": seconds, "wall_s": round(elapsed, 1),
                 "mix_size": len(entries)})
    results["load"] = load
    save_results(tier, results)
    print(f"  {load['throughput_rps']} req/s, p95 {load['p95_ms']} ms, errors {load['errors']}")
    return results
