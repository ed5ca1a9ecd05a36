"""python -m bench run --tier demo|regional|national|all

  run       generate (unless --reuse and the database exists), time the pages, run the load, report
  generate  make the tier's database hubspoke_bench_<tier> and fill it
  measure   time the pages and SQL floors through gunicorn (the database must exist)
  load      the 60-second mixed load (wrk)
  report    write docs/performance.md and docs/performance.svg from var/bench/*.json

The PostgreSQL server comes from BENCH_DATABASE_URL (default: the CI cluster's
postgres://hubspoke:hubspoke-ci@127.0.0.1:5432); each tier has its own database on it, unless
BENCH_DATABASE_NAME names the one database to use (and drop and remake)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://hubspoke:hubspoke-ci@127.0.0.1:5432")


def database_name(tier: str) -> str:
    """The tier's own database, or BENCH_DATABASE_NAME (one tier at a time) where the server is
    shared and each person may drop and remake only a database of their own."""
    return os.environ.get("BENCH_DATABASE_NAME") or f"hubspoke_bench_{tier}"


def database_url(tier: str) -> str:
    return f"{SERVER.rstrip('/')}/{database_name(tier)}"


NO_PARALLEL = "-c max_parallel_workers_per_gather=0"


def results_name(tier: str) -> str:
    """Results of a run with parallel query turned off are kept beside the tier's own."""
    return f"{tier}-no-parallel" if os.environ.get("PGOPTIONS", "") == NO_PARALLEL else tier


def results_path(tier: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT / f"{tier}.json"


def load_results(tier: str) -> dict:
    path = results_path(results_name(tier))
    if not path.exists():
        path = results_path(tier)  # a variant starts from the tier's generation record
    return json.loads(path.read_text()) if path.exists() else {"tier": tier}


def save_results(tier: str, results: dict) -> None:
    results_path(results_name(tier)).write_text(json.dumps(results, indent=2, default=str) + "\n")


def database_exists(tier: str) -> bool:
    import psycopg

    with psycopg.connect(f"{SERVER.rstrip('/')}/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(tier)]).fetchone() \
            is not None


def generate(tier: str) -> None:
    """Drop and remake this tier's own database (never any other), migrate, fill."""
    import psycopg

    name = database_name(tier)
    with psycopg.connect(f"{SERVER.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": database_url(tier), "DJANGO_SETTINGS_MODULE": "hubspoke.settings"}
    started = time.perf_counter()
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    migrate_seconds = round(time.perf_counter() - started, 2)
    subprocess.run([python, "-m", "bench", "_fill", "--tier", tier], cwd=ROOT, env=env, check=True)
    results = load_results(tier)
    results["generation"]["timings"] = {"migrate": migrate_seconds, **results["generation"]["timings"]}
    results["generation"]["seconds"] = round(time.perf_counter() - started, 1)
    save_results(tier, results)
    print(f"{tier}: generated in {results['generation']['seconds']:.0f} s")


def _fill(tier: str) -> None:
    import django

    django.setup()
    from bench.generate import Generator
    from bench.tiers import TIERS

    print(f"Filling {database_name(tier)}")
    generated = Generator(TIERS[tier]).run()
    results = {"tier": tier, "generation": generated}
    save_results(tier, results)


def _in_django(tier: str, command: str, *extra: str, no_parallel: bool = False) -> None:
    """Run a step in its own process, set up for this tier's database (and, with
    ``no_parallel``, every connection without parallel query, through libpq's PGOPTIONS)."""
    env = {**os.environ, "DATABASE_URL": database_url(tier), "DJANGO_SETTINGS_MODULE": "bench.settings",
           "DJANGO_DEBUG": "0"}
    if no_parallel:
        env["PGOPTIONS"] = NO_PARALLEL
    subprocess.run([sys.executable, "-m", "bench", command, "--tier", tier, *extra], cwd=ROOT, env=env, check=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "generate", "measure", "load", "report", "_fill", "_measure",
                                            "_load"])
    parser.add_argument("--tier", default="demo", choices=["demo", "regional", "national", "all"])
    parser.add_argument("--reuse", action="store_true", help="keep an existing tier database")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--no-parallel-query", action="store_true",
                        help="measure with max_parallel_workers_per_gather=0 (results kept as <tier>-no-parallel)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    tiers = ["demo", "regional", "national"] if args.tier == "all" else [args.tier]
    for tier in tiers:
        if args.command == "_fill":
            _fill(tier)
        if args.command in ("generate",) or (args.command == "run" and not (args.reuse and database_exists(tier))):
            generate(tier)
        if args.command == "_measure":
            from bench import measure

            measure.run(tier, requests=args.requests)
        if args.command == "_load":
            from bench import load

            load.run(tier, seconds=args.load_seconds)
        if args.command in ("measure", "run"):
            _in_django(tier, "_measure", "--requests", str(args.requests), no_parallel=args.no_parallel_query)
        if args.command in ("load", "run"):
            _in_django(tier, "_load", "--load-seconds", str(args.load_seconds), no_parallel=args.no_parallel_query)
    if args.command in ("report", "run"):
        from bench import report

        report.write()


if __name__ == "__main__":
    main()
