"""A transfer changes the referrals app's data only through its actions
(``referrals.actions.move_young_person`` and ``copy_young_person``): every statement that writes
a referrals table while a transfer is accepted runs inside one of them."""

import re

import pytest
from django.db import connection

from hubspoke.cases import actions
from hubspoke.referrals import actions as referral_actions
from hubspoke.referrals.models import YoungPersonContact

WRITE = re.compile(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(?P<table>\w+)"?', re.IGNORECASE)
THROUGH = ("move_young_person", "copy_young_person")


@pytest.fixture
def referral_writes(monkeypatch):
    """Every write to a referrals table while the test runs, each with the referrals action it
    ran inside (None: outside both)."""
    inside: list[str] = []
    seen: list[tuple[str, str | None]] = []
    for name in THROUGH:
        real = getattr(referral_actions, name)

        def wrapped(*args, _real=real, _name=name, **kwargs):
            inside.append(_name)
            try:
                return _real(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(referral_actions, name, wrapped)

    def record(execute, sql, params, many, context):
        write = WRITE.match(sql)
        if write and write["table"].startswith("referrals_"):
            seen.append((write["table"], inside[-1] if inside else None))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def test_accepting_a_transfer_between_spokes_moves_the_record_only_through_the_referrals_action(world, referral_writes):
    transfer = actions.request_transfer(actor=world.worker_a, case=world.case_a(), to_service=world.service_a,
                                        to_spoke=world.spoke_a2, handover_summary="Moved across town.")
    referral_writes.clear()
    actions.accept_transfer(actor=world.manager_a, transfer=transfer, worker=world.manager_a)
    assert referral_writes, "the move wrote nothing: the test is not watching the right statements"
    assert {through for _, through in referral_writes} == {"move_young_person"}, referral_writes


def test_accepting_a_transfer_to_another_service_copies_the_record_only_through_the_referrals_action(
        world, referral_writes):
    case = world.case_a()
    YoungPersonContact.objects.create(young_person=case.young_person, phone="07700 900555")
    transfer = world.transfer_a()
    referral_writes.clear()
    actions.accept_transfer(actor=world.outsider, transfer=transfer, worker=world.outsider)
    tables = {table for table, _ in referral_writes}
    assert {"referrals_youngperson", "referrals_youngpersoncontact"} <= tables, referral_writes
    assert {through for _, through in referral_writes} == {"copy_young_person"}, referral_writes
