"""The two rules every write on a case shares: who works where it is held, and that it is open."""

import pytest
from django.core.exceptions import ValidationError

from hubspoke.cases import actions, rules
from hubspoke.cases.actions._lock import locked_open_case


def test_who_works_where_the_work_is_held(world):
    at_spoke = {"service_id": world.service_a.pk, "spoke_id": world.spoke_a1.pk}
    at_hub = {"service_id": world.service_a.pk, "spoke_id": None}
    assert rules.works_here(world.worker_a, **at_spoke) and rules.works_here(world.manager_a, **at_spoke)
    assert not rules.works_here(world.hub_worker_a, **at_spoke)
    assert rules.works_here(world.hub_worker_a, **at_hub) and not rules.works_here(world.worker_a, **at_hub)
    assert not rules.works_here(world.outsider, **at_spoke)


def test_co_worker_choices_are_a_managers_and_never_include_the_lead(world):
    case = world.case_a()
    lead = case.allocations.get()
    choices = {m.person for m in rules.co_worker_choices(world.manager_a, case, lead=lead)}
    assert world.manager_a in choices and world.worker_a not in choices
    assert rules.co_worker_choices(world.worker_a, case, lead=lead) == []


def test_a_closed_case_offers_no_co_worker(world):
    case = world.case_a()
    actions.close_case(actor=world.manager_a, case=case, reason="outcomes_achieved", summary="Done.", engagement="fully",
                       outcomes_achieved="all")
    case.refresh_from_db()
    assert rules.co_worker_choices(world.manager_a, case, lead=None) == []


def test_locking_a_closed_case_raises_the_callers_words(world):
    case = world.case_a()
    assert locked_open_case(case).pk == case.pk
    actions.close_case(actor=world.manager_a, case=case, reason="outcomes_achieved", summary="Done.", engagement="fully",
                       outcomes_achieved="all")
    with pytest.raises(ValidationError, match="This case is closed."):
        locked_open_case(case)
    with pytest.raises(ValidationError, match="Reopen it before changing its lead worker"):
        actions.reallocate_case(actor=world.manager_a, case=case, worker=world.manager_a)
    with pytest.raises(ValidationError, match="already closed"):
        actions.close_case(actor=world.manager_a, case=case, reason="outcomes_achieved", summary="Again.", engagement="fully",
                           outcomes_achieved="all")
