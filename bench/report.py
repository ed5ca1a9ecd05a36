"""docs/performance.md's results section and docs/performance.svg, from var/bench/<tier>.json.

The Markdown between the ``bench:results`` markers is rewritten; everything else in the page
(the machine, what was changed and why) is written by people and kept. The JSON is copied to
docs/performance.json beside it."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
SVG = ROOT / "docs" / "performance.svg"
JSON = ROOT / "docs" / "performance.json"
TIERS = ("demo", "regional", "national")
BEGIN, END = "<!-- bench:results -->", "<!-- /bench:results -->"
TARGET_P95_MS = 150


def _load() -> dict[str, dict]:
    found = {}
    for tier in TIERS:
        path = ROOT / "var" / "bench" / f"{tier}.json"
        if path.exists():
            found[tier] = json.loads(path.read_text())
    return found


def _variant() -> dict | None:
    path = ROOT / "var" / "bench" / "national-no-parallel.json"
    return json.loads(path.read_text()) if path.exists() else None


def _fmt(value, digits=0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _pages(results) -> dict[str, dict[str, dict]]:
    pages: dict[str, dict[str, dict]] = {}
    for tier, r in results.items():
        for row in r.get("pages", []):
            pages.setdefault(row["page"], {})[tier] = row
    return pages


def markdown(results: dict[str, dict]) -> str:
    tiers = [t for t in TIERS if t in results]
    lines = []
    # Generation.
    lines += ["### Data generated", "",
              "| | " + " | ".join(tiers) + " |", "|---|" + "---:|" * len(tiers)]
    tables = ("referrals_youngperson", "referrals_referral", "cases_case", "cases_contact", "cases_plangoal",
              "cases_meeting", "cases_outcomerating", "assessments_assessment", "audit_auditevent",
              "monitoring_returnversion", "sharing_agreementversion", "sharing_consentrecord", "sharing_disclosure",
              "sharing_informationrequest", "safety_visit", "safety_visitevent", "safety_supervision",
              "engagement_consultation", "engagement_trainingsession", "engagement_trainingfeedback",
              "engagement_preventionsession", "engagement_strategicmeeting", "engagement_challenge",
              "participation_supportfeedback", "participation_feedbacklink", "participation_activity",
              "participation_participant",
              "accounts_user", "network_service", "network_spoke", "network_localauthority")
    for table in tables:
        lines.append(f"| {table} | " + " | ".join(
            _fmt(results[t].get("generation", {}).get("counts", {}).get(table)) for t in tiers) + " |")
    lines.append("| **generation time (s)** | " + " | ".join(
        _fmt(results[t].get("generation", {}).get("seconds")) for t in tiers) + " |")
    lines.append("")
    steps = {}
    for t in tiers:
        for name, value in results[t].get("generation", {}).get("timings", {}).items():
            if isinstance(value, (int, float)):
                steps.setdefault(name, {})[t] = value
    lines += ["<details><summary>Generation time by step (s)</summary>", "",
              "| step | " + " | ".join(tiers) + " |", "|---|" + "---:|" * len(tiers)]
    for name, by_tier in steps.items():
        lines.append(f"| {name} | " + " | ".join(_fmt(by_tier.get(t), 1) for t in tiers) + " |")
    lines += ["", "</details>", ""]

    # Pages.
    pages = _pages(results)
    lines += ["### Pages: server time (ms) and queries", "",
              "Server time is measured in the process (first middleware in, last out) over "
              f"{next((r['pages'][0]['n'] for r in results.values() if r.get('pages')), '?')} sequential requests "
              "per page after every page has been requested twelve times (three per gunicorn worker) and eight more warm-up requests, through gunicorn on loopback; the client's own time adds "
              "under a millisecond on loopback (both are in the JSON).", "",
              "| page | queries " + " ".join(f"| {t} p50 | {t} p95" for t in tiers)
              + " | national ÷ demo (p50) | targets |",
              "|---|---" + "|---:|---:" * len(tiers) + "|---:|---|"]
    for page, by_tier in pages.items():
        # The page's own count is the least seen: a request that also writes the session's
        # last-seen time (at most once a minute, SessionLimitsMiddleware) sends one more.
        counts = {min(row["queries"]) for row in by_tier.values()}
        q = "/".join(str(min(by_tier[t]["queries"])) + ("*" if len(by_tier[t]["queries"]) > 1 else "")
                     for t in tiers if t in by_tier)
        cells = []
        for t in tiers:
            row = by_tier.get(t)
            cells += [_fmt(row and row["p50_ms"], 1), _fmt(row and row["p95_ms"], 1)]
        ratio = None
        if "national" in by_tier and "demo" in by_tier and by_tier["demo"]["p50_ms"]:
            ratio = by_tier["national"]["p50_ms"] / by_tier["demo"]["p50_ms"]
        missed = []
        if len(counts) > 1:
            missed.append("queries differ")
        if "national" in by_tier and by_tier["national"]["p95_ms"] > TARGET_P95_MS:
            missed.append("p95 > 150")
        if ratio is not None and ratio > 2:
            missed.append("ratio > 2")
        status = ", ".join(missed) if missed else ("met" if "national" in by_tier else "–")
        lines.append(f"| `{page}` | {q} | " + " | ".join(cells) + f" | {_fmt(ratio, 2)} | {status} |")
    lines += ["", "Queries are listed demo/regional/national; `*`: some requests sent one more, the session's "
              "last-seen time, written at most once a minute.", ""]

    # Floors.
    lines += ["### Page ÷ SQL floor", "",
              "| page | floor | " + " | ".join(f"{t} page p50 / floor p50 (ms) = ratio" for t in tiers) + " |",
              "|---|---|" + "---|" * len(tiers)]
    for page in ("cases:mine", "monitoring:return"):
        cells = []
        kind = ""
        for t in tiers:
            floor = results[t].get("floors", {}).get(page)
            row = pages.get(page, {}).get(t)
            if floor and row:
                kind = floor["kind"]
                cells.append(f"{row['p50_ms']:.1f} / {floor['p50_ms']:.1f} = **{row['p50_ms'] / floor['p50_ms']:.1f}×**")
            else:
                cells.append("–")
        lines.append(f"| `{page}` | {kind} | " + " | ".join(cells) + " |")
    lines.append("")

    # Returns.
    lines += ["### Returns", "",
              "| | " + " | ".join(tiers) + " |", "|---|" + "---:|" * len(tiers)]
    lines.append("| one service-quarter: `indicators.compute` for service 1 (ms, p50) | " + " | ".join(
        _fmt(results[t].get("floors", {}).get("indicators.compute (service 1, one quarter)", {}).get("p50_ms"), 0)
        for t in tiers) + " |")
    lines.append("| programme-wide: `indicators.compute` for every service, one quarter (s) | " + " | ".join(
        _fmt(results[t].get("programme_compute", {}).get("p50_s"), 2) for t in tiers) + " |")
    lines.append("| services | " + " | ".join(
        _fmt(results[t].get("programme_compute", {}).get("services")) for t in tiers) + " |")
    lines.append("")

    # The background worker's jobs.
    names = list(dict.fromkeys(name for t in tiers for name in results[t].get("jobs", {})))
    if names:
        lines += ["### Background jobs (ms, p50, as the worker runs them; rolled back)", "",
                  "| job | " + " | ".join(tiers) + " |", "|---|" + "---:|" * len(tiers)]
        for name in names:
            lines.append(f"| {name} | " + " | ".join(
                _fmt(results[t].get("jobs", {}).get(name, {}).get("p50_ms"), 1) for t in tiers) + " |")
        lines.append("")

    lines += _burst(results, tiers)

    # Load.
    lines += ["### Mixed load (wrk, 60 s)", "",
              "| | " + " | ".join(tiers) + " |", "|---|" + "---:|" * len(tiers)]
    for key, label, digits in (("connections", "concurrent connections", 0), ("throughput_rps", "requests/s", 1),
                               ("requests", "requests", 0), ("p50_ms", "p50 (ms)", 0), ("p95_ms", "p95 (ms)", 0),
                               ("p99_ms", "p99 (ms)", 0), ("errors", "errors (non-200, socket, timeouts)", 0)):
        lines.append(f"| {label} | " + " | ".join(_fmt(results[t].get("load", {}).get(key), digits)
                                                  for t in tiers) + " |")
    lines.append("")
    # National again with parallel query off, where measured.
    variant = _variant()
    if variant and "national" in results:
        lines += ["### National with parallel query off", "",
                  "The same pages with `max_parallel_workers_per_gather = 0` on every connection (libpq's "
                  "`PGOPTIONS`; a server setting, not a change to Hubspoke). On two cores, launching "
                  "parallel workers for small, selective queries costs more than it saves.", "",
                  "| page | queries | p50 default | p50 no parallel | p95 default | p95 no parallel |",
                  "|---|---|---:|---:|---:|---:|"]
        base = {row["page"]: row for row in results["national"].get("pages", [])}
        for row in variant.get("pages", []):
            b = base.get(row["page"], {})
            lines.append(f"| `{row['page']}` | {min(row['queries'])} | {_fmt(b.get('p50_ms'), 1)} | "
                         f"{_fmt(row['p50_ms'], 1)} | {_fmt(b.get('p95_ms'), 1)} | {_fmt(row['p95_ms'], 1)} |")
        load = variant.get("load", {})
        if load:
            lines += ["", f"Mixed load with parallel query off: {_fmt(load.get('throughput_rps'), 1)} requests/s, "
                          f"p95 {_fmt(load.get('p95_ms'))} ms, {_fmt(load.get('errors'))} errors."]
        lines.append("")
    before = [t for t in tiers if "safety_visit" not in results[t].get("generation", {}).get("counts", {})]
    if before:
        lines += [f"Measured before the worker safety app, so without its pages and the burst: {', '.join(before)} "
                  f"({', '.join(str(results[t].get('measured_at', '?'))[:10] for t in before)}).", ""]
    noisy = [t for t in tiers if results[t].get("ci_running_during_timing")]
    if noisy:
        lines += [f"Timed while a CI run shared the machine: {', '.join(noisy)} (noisier).", ""]
    lines += ["![p95 server time by page and tier](performance.svg)", ""]
    return "\n".join(lines)


BURST_ROWS = (
    ("moved", "visits moved (of 2,000 due)", 0), ("messages", "messages queued", 0), ("sms", "of which texts", 0),
    ("sent", "messages sent", 0), ("advance_s", "`advance` wall time (s)", 1),
    ("deliver_s", "sending, one after another in the process (s)", 1),
    ("sending_s", "sending by the worker, after `advance` (s)", 1),
    ("lag_p50_s", "due → sent, p50 (s)", 1), ("lag_p99_s", "due → sent, p99 (s)", 1),
    ("lag_max_s", "due → sent, max (s)", 1),
)


def _burst(results: dict[str, dict], tiers: list[str]) -> list[str]:
    """2,000 visits due in the same minute: in the process and through db_worker, per tier."""
    runs = [(t, how, results[t]["burst"][how]) for t in tiers for how in ("in_process", "db_worker")
            if results[t].get("burst", {}).get(how)]
    if not runs:
        return []
    label = {"in_process": "in process", "db_worker": "`db_worker`"}
    lines = ["### Lone-working burst: 2,000 visits due in the same minute", "",
             "One `safety.engine.advance()` for 2,000 visits in progress due at once (each goes amber: a text "
             "and an email to its worker), then every message sent: in the process with `outbox.deliver`, and "
             "through the real `db_worker` (the `safety.advance` task queued at the due moment). Texts through "
             "the logging backend, email to locmem; the burst's rows are deleted afterwards.", "",
             "| | " + " | ".join(f"{t} {label[how]}" for t, how, _ in runs) + " |", "|---|" + "---:|" * len(runs)]
    for key, name, digits in BURST_ROWS:
        lines.append(f"| {name} | " + " | ".join(_fmt(r.get(key), digits) for _, _, r in runs) + " |")
    lines.append("| every message sent within 60 s of due | " + " | ".join(
        "**yes**" if r.get("on_time") else "**no**" for _, _, r in runs) + " |")
    lines.append("")
    return lines


def svg(results: dict[str, dict]) -> str:
    pages = _pages(results)
    tiers = [t for t in TIERS if t in results]
    colours = {"demo": "#1d70b8", "regional": "#f47738", "national": "#d4351c"}
    width, left, top, row_h, bar_h = 900, 230, 40, 44, 11
    height = top + row_h * len(pages) + 40
    values = [row["p95_ms"] for by in pages.values() for row in by.values()]
    scale_max = max([TARGET_P95_MS * 1.2, *values]) if values else 200
    plot = width - left - 80

    def x(v):
        return left + plot * min(v, scale_max) / scale_max

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="Helvetica, Arial, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="#fff"/>',
           '<text x="10" y="20" font-size="14" font-weight="bold">p95 server time per page (ms)</text>']
    for n, tier in enumerate(tiers):
        out.append(f'<rect x="{left + 140 + 120 * n}" y="8" width="12" height="12" fill="{colours[tier]}"/>'
                   f'<text x="{left + 140 + 120 * n + 16}" y="19">{tier}</text>')
    for n, (page, by_tier) in enumerate(pages.items()):
        y = top + row_h * n
        out.append(f'<text x="{left - 8}" y="{y + 20}" text-anchor="end">{page}</text>')
        for k, tier in enumerate(tiers):
            row = by_tier.get(tier)
            if not row:
                continue
            by = y + 4 + k * (bar_h + 1)
            out.append(f'<rect x="{left}" y="{by}" width="{x(row["p95_ms"]) - left:.1f}" height="{bar_h}" '
                       f'fill="{colours[tier]}"/>')
            out.append(f'<text x="{x(row["p95_ms"]) + 4:.1f}" y="{by + 10}" font-size="10">{row["p95_ms"]:.0f}</text>')
    tx = x(TARGET_P95_MS)
    out.append(f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{height - 30}" stroke="#0b0c0c" '
               'stroke-dasharray="4 3"/>')
    out.append(f'<text x="{tx + 4:.1f}" y="{height - 16}">target 150 ms</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write() -> None:
    results = _load()
    if not results:
        print("No results in var/bench/: run python -m bench run first")
        return
    section = f"{BEGIN}\n{markdown(results)}\n{END}"
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(head + section + tail)
    SVG.write_text(svg(results))
    variant = _variant()
    if variant:
        results = {**results, "national-no-parallel": variant}
    JSON.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"Wrote {DOC.relative_to(ROOT)}, {SVG.relative_to(ROOT)} and {JSON.relative_to(ROOT)}")
