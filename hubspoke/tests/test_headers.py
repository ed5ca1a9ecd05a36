import re

import pytest
from django.urls import reverse


def test_strict_content_security_policy(client, db):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["style-src"] == "'self'"
    # A nonce appears only on pages that need one; no page so far has inline script.
    assert directives["script-src"].split(" ")[0] == "'self'"
    assert all(s == "'self'" or s.startswith("'nonce-") for s in directives["script-src"].split(" "))
    assert directives["frame-ancestors"] == "'none'"


def test_pages_have_no_inline_script_or_style(client, world):
    client.force_login(world.manager_a)
    for url in (reverse("home"), reverse("network:service_detail", kwargs={"ref": world.service_a.uuid}),
                reverse("account_login")):
        body = client.get(url).content.decode()
        assert "<style" not in body and " style=" not in body, url
        # Every script is a file: no <script> without src, no inline event handlers.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert not re.search(r"\son[a-z]+=", body), url


def test_security_headers(client, world):
    client.force_login(world.manager_a)
    response = client.get(reverse("home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_every_response_has_a_request_id(client, db):
    first = client.get(reverse("healthz"))
    second = client.get(reverse("healthz"))
    assert len(first["X-Request-ID"]) >= 16
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_request_id_from_a_client_is_ignored_without_a_trusted_proxy(client, db):
    assert client.get(reverse("healthz"), HTTP_X_REQUEST_ID="forged-123456")["X-Request-ID"] != "forged-123456"


def test_request_id_from_a_trusted_proxy_is_kept_if_well_formed(client, db, settings):
    settings.HUBSPOKE_TRUSTED_PROXY_COUNT = 1
    assert client.get(reverse("healthz"), HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    assert client.get(reverse("healthz"), HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"


def test_pages_reached_without_signing_in_are_not_cached_either(client, db):
    assert "no-store" in client.get(reverse("account_login"))["Cache-Control"]


def test_csp_reports_are_logged(client, db, caplog):
    report = '{"csp-report": {"document-uri": "http://x/", "violated-directive": "style-src", "blocked-uri": "inline"}}'
    with caplog.at_level("WARNING", logger="hubspoke.security"):
        response = client.post(reverse("csp_report"), report, content_type="application/csp-report")
    assert response.status_code == 204
    assert any(getattr(r, "violated_directive", "") == "style-src" for r in caplog.records)


def test_demo_banner_only_in_demo_mode(client, db, settings):
    assert "Demo — synthetic data" not in client.get(reverse("account_login")).content.decode()
    settings.HUBSPOKE_DEMO = True
    assert "Demo — synthetic data" in client.get(reverse("account_login")).content.decode()


def test_not_found_page_is_in_the_page_shell(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("network:service_detail", kwargs={"ref": world.service_a.uuid}))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() and "govuk-template" in response.content.decode()


def test_csrf_failure_page_is_in_the_page_shell_without_inline_style(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager_a)
    response = client.post(reverse("account_logout"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Your form could not be sent" in body and "<style" not in body


def test_htmx_requests_carry_the_csrf_token(client, world):
    client.force_login(world.manager_a)
    body = client.get(reverse("home")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in body


def test_csp_reports_from_one_address_are_limited(client, db):
    from django.core.cache import cache

    cache.clear()
    statuses = [client.post(reverse("csp_report"), "{}", content_type="application/csp-report").status_code
                for _ in range(31)]
    assert statuses[:30] == [204] * 30 and statuses[30] == 429
    cache.clear()


@pytest.mark.parametrize(
    "body",
    ["[]", '"x"', "1", "null", "true", '{"csp-report": []}', '{"csp-report": "x"}', '{"csp-report": null}',
     b'{"csp-report": {"document-uri": "\xff\xfe"}}', "{not json"],
)
def test_malformed_csp_reports_are_refused_with_400(client, db, body):
    from django.core.cache import cache

    cache.clear()
    well_formed = client.post(reverse("csp_report"), '{"csp-report": {}}', content_type="application/csp-report")
    assert well_formed.status_code == 204
    response = client.post(reverse("csp_report"), body, content_type="application/csp-report")
    assert response.status_code == 400
    cache.clear()
