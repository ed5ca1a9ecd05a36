"""A GET never writes. For every named URL the URL matrix (``test_url_matrix.py``) GETs, as each
persona and signed out, the SQL sent is captured and any INSERT, UPDATE or DELETE fails the
test, except to the tables below, each with why a look may write there."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import PERSONAS
from hubspoke.tests.test_url_matrix import ALLAUTH, MATRIX, admin_kwargs, named_urls

WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?',
                   re.IGNORECASE)

# Tables a GET may write, and why.
ALLOWED = {
    # Looks are audited (a record shown, a programme page viewed) and so are denials: append-only.
    AuditEvent._meta.db_table: "the audit trail records looks and denials",
    # The session holds who is signed in and when they were last active (SessionLimitsMiddleware
    # ends it after 30 idle minutes), and allauth keeps its sign-in stages and messages there.
    "django_session": "the session: sign-in state, last activity, messages",
    # The database cache is shared by all workers: rate limits count attempts in it, and Django
    # culls expired entries when it writes.
    "hubspoke_cache": "the shared cache: rate-limit counters and their culling",
}

# URLs known to write on a GET, outside monitoring, each with what it writes. Each is a view to
# change so that its GET writes nothing; until then it is listed here rather than hidden.
KNOWN: dict[str, str] = {
    # Following a notification's link marks it read (UPDATE notifications_notification SET
    # read_at), then redirects to what it is about. To change: mark it read by a POST from the
    # page it leads to, or keep the "read" state as the first look recorded elsewhere.
    "notifications:open": "marks the notification read",
}


def writes_of(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [
        q["sql"] for q in captured.captured_queries
        if (m := WRITE.match(q["sql"])) and m.group(1) not in ALLOWED
    ]


def _check(client, urls) -> list[str]:
    wrong = []
    for name, url in urls:
        found = writes_of(client, url)
        if found and name not in KNOWN:
            wrong.append(f"{name} {url}:\n    " + "\n    ".join(sql[:300] for sql in found))
    return wrong


def _matrix_urls(world) -> list[tuple[str, str]]:
    # Resolved first: what a URL needs in the world is made before anything is captured.
    return [(name, reverse(name, kwargs=kwargs(world))) for name, (kwargs, _, _) in MATRIX.items()]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_get_writes_as_a_persona(persona, signed_in, world):
    client = signed_in(persona)
    urls = _matrix_urls(world) + [(name, reverse(name, kwargs=kwargs)) for name, (kwargs, _, _) in ALLAUTH.items()]
    wrong = _check(client, urls)
    assert not wrong, "A GET wrote:\n" + "\n".join(wrong)


def test_no_get_writes_signed_out(client, world):
    urls = _matrix_urls(world) + [(name, reverse(name, kwargs=kwargs)) for name, (kwargs, _, _) in ALLAUTH.items()]
    wrong = _check(client, urls)
    assert not wrong, "A GET wrote:\n" + "\n".join(wrong)


def test_no_get_writes_in_the_administration_site(signed_in, world):
    client = signed_in("admin")
    urls = [(name, reverse(name, kwargs=admin_kwargs(name, world)))
            for name in sorted(n for n in named_urls() if n.startswith("admin:"))]
    wrong = _check(client, urls)
    assert not wrong, "A GET wrote:\n" + "\n".join(wrong)


def test_the_check_sees_a_write(signed_in, world):
    """The capture is not blind: a page known to write a row outside the tables allowed (here,
    straight to the database) is caught."""
    from hubspoke.monitoring import actions

    class Writes:
        def get(self, url):
            actions.make_due_drafts()

    assert writes_of(Writes(), "/"), "making drafts writes monitoring returns"
