"""`make demo` starts the web server, the worker that sends the outbox, and the scheduler."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def processes() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(m.groups() for line in lines if (m := re.match(r"^([A-Za-z0-9_-]+):\s*(.+)$", line)))


def test_make_demo_runs_the_procfile_with_honcho():
    demo = re.search(r"^demo:.*?(?=^\S|\Z)", (ROOT / "Makefile").read_text(), re.M | re.S).group(0)
    assert "seed_demo" in demo
    assert re.search(r"honcho start --procfile Procfile --port \$\(PORT\)$", demo, re.M)


def test_the_procfile_names_the_web_server_the_worker_and_the_scheduler():
    found = processes()
    assert set(found) == {"web", "worker", "scheduler"}
    assert found["worker"] == "python manage.py db_worker"
    assert found["scheduler"] == "python manage.py run_schedule"
    assert found["web"].startswith("python manage.py runserver 127.0.0.1:$PORT")
