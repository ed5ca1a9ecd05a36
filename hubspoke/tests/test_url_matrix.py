"""Every named URL × every persona, with the status each must get. A URL added without an
entry here fails ``test_every_url_has_an_entry``."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hubspoke.conftest import PERSONAS

ALL = dict.fromkeys(PERSONAS, 200)
PROGRAMME_ROLES = ("programme_lead", "evaluator", "exchange_lead", "admin")


def expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


# name -> (kwargs from the world, {persona: status}, status when signed out)
SEES_SERVICE_A = expect(200, partner_a=404, outsider=404)
MATRIX = {
    "home": (lambda w: {}, ALL, 302),
    "accounts:security": (lambda w: {}, ALL, 302),
    "network:service_list": (lambda w: {}, ALL, 302),
    "network:service_detail": (lambda w: {"ref": w.service_a.uuid}, SEES_SERVICE_A, 302),
    "network:spoke_detail": (lambda w: {"ref": w.spoke_a1.uuid}, SEES_SERVICE_A, 302),
    "network:end_membership": (
        lambda w: {"ref": w.memberships["worker_a"].uuid},
        expect(404, manager_a=200, hub_worker_a=403, worker_a=403),
        302,
    ),
    "audit:who_has_seen": (
        lambda w: {"kind": "network.service", "ref": w.service_a.uuid},
        # Those who may see the service but do not manage it: 403.
        expect(403, manager_a=200, partner_a=404, outsider=404),
        302,
    ),
    "csp_report": (lambda w: {}, expect(405), 405),
    "healthz": (lambda w: {}, ALL, 200),
}

# Third-party URLs: allauth's own pages (sign-in, second factor, password) and the Django
# administration site. They are exercised by tests of their own (test_accounts, test_admin);
# listing them here keeps an unexpected new one from slipping in unnoticed.
THIRD_PARTY_PREFIXES = ("account_", "mfa_", "admin:")


def named_urls(resolver=None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_an_entry():
    ours = {n for n in named_urls() if not n.startswith(THIRD_PARTY_PREFIXES)}
    missing = sorted(ours - set(MATRIX))
    assert not missing, f"Add these URLs to MATRIX in {__file__}: {missing}"
    assert not set(MATRIX) - ours, "MATRIX lists URLs that no longer exist"


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_expected_status_on_every_url(persona, signed_in, world):
    client = signed_in(persona)
    wrong = []
    for name, (kwargs, statuses, _) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        status = client.get(url).status_code
        if status != statuses[persona]:
            wrong.append(f"{name} {url}: got {status}, expected {statuses[persona]}")
    assert not wrong, "\n".join(wrong)


def test_signed_out_visitor_is_sent_to_sign_in(client, world):
    wrong = []
    for name, (kwargs, _, anonymous) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        response = client.get(url)
        if response.status_code != anonymous:
            wrong.append(f"{name}: got {response.status_code}, expected {anonymous}")
        elif anonymous == 302:
            assert response["Location"].startswith(reverse("account_login"))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_administration_site_opens_only_to_administrators(persona, signed_in):
    client = signed_in(persona)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == (200 if persona == "admin" else 403)
