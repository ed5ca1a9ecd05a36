"""Until the top layer gives the referrals app its answers from casework, each answer is the
one that opens nothing."""

from hubspoke.referrals import casework


def test_without_answers_nobody_has_capacity_or_is_allocated(monkeypatch):
    monkeypatch.setattr(casework, "_answers", [casework._DENY])
    assert casework.has_capacity(service_id=1, spoke_id=None) is False
    assert casework.is_allocated(object(), object()) is False
    assert casework.cases_of(object()) == []


def test_the_running_product_has_its_answers():
    assert casework._answers[0] is not casework._DENY
