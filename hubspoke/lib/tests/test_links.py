"""Links in emails: the configured base URL wins, then the request's own scheme and host, then
(outside a request, in development only) the development server."""

import pytest
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.test import RequestFactory

from hubspoke.lib.links import absolute_url


@pytest.fixture
def hosts(settings):
    settings.ALLOWED_HOSTS = ["hubspoke.example.net"]
    settings.HUBSPOKE_BASE_URL = ""
    return settings


def test_a_configured_base_url_wins_over_the_request(hosts):
    hosts.HUBSPOKE_BASE_URL = "https://hubspoke.example.org/"
    request = RequestFactory().get("/", HTTP_HOST="hubspoke.example.net")
    assert absolute_url("/referrals/x/", request=request) == "https://hubspoke.example.org/referrals/x/"
    assert absolute_url("/referrals/x/") == "https://hubspoke.example.org/referrals/x/"


def test_without_a_base_url_the_request_gives_scheme_and_host(hosts):
    request = RequestFactory().get("/", HTTP_HOST="hubspoke.example.net")
    assert absolute_url("/referrals/x/", request=request) == "http://hubspoke.example.net/referrals/x/"


def test_the_scheme_follows_a_trusted_proxy(hosts):
    hosts.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get("/", HTTP_HOST="hubspoke.example.net", HTTP_X_FORWARDED_PROTO="https")
    assert absolute_url("/x/", request=request) == "https://hubspoke.example.net/x/"


def test_a_host_that_is_not_allowed_never_reaches_an_email(hosts):
    request = RequestFactory().get("/", HTTP_HOST="evil.example.com")
    with pytest.raises(DisallowedHost):
        absolute_url("/x/", request=request)


def test_outside_a_request_development_points_at_the_development_server(hosts):
    hosts.PRODUCTION = False
    assert absolute_url("/x/") == "http://127.0.0.1:8000/x/"


def test_outside_a_request_production_needs_the_base_url(hosts):
    hosts.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="HUBSPOKE_BASE_URL"):
        absolute_url("/x/")
