"""The test world's own helpers, which every other test leans on: each persona's client stays
that persona, and a flat query count only passes for the pages it claims to count."""

import pytest
from django.urls import reverse

from hubspoke.conftest import assert_flat_queries


def test_each_persona_has_its_own_client_and_stays_signed_in(signed_in, world):
    manager = signed_in("manager_a")
    worker = signed_in("worker_a")
    assert manager is not worker and signed_in("manager_a") is manager
    # Signing the worker in did not sign the manager out, nor make the manager the worker.
    assert manager.get(reverse("home")).wsgi_request.user == world.manager_a
    assert worker.get(reverse("home")).wsgi_request.user == world.worker_a
    assert manager.get(reverse("cases:levels")).status_code == 200
    assert worker.get(reverse("cases:levels")).status_code == 404


def test_a_recent_sign_in_is_marked_on_that_personas_client_only(signed_in, world):
    worker = signed_in("worker_a")
    manager = signed_in("manager_a", recent=True)
    assert "account_authentication_methods" in manager.session
    assert "account_authentication_methods" not in worker.session
    assert signed_in("worker_a", recent=True) is worker and "account_authentication_methods" in worker.session


def test_a_flat_count_of_two_error_pages_does_not_pass(signed_in, world):
    partner = signed_in("partner_a")
    levels = reverse("cases:levels")
    with pytest.raises(AssertionError, match="answered 404, not 200"):
        assert_flat_queries(lambda: partner.get(levels), lambda: None)
    assert_flat_queries(lambda: partner.get(levels), lambda: None, status=404)  # when a 404 is the point
    with pytest.raises(AssertionError, match="not 200"):
        assert_flat_queries(lambda: None, lambda: None)  # a fetch that returns no response proves nothing
