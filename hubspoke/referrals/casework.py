"""The three answers the referrals app needs from the casework app above it.

Referrals sit below cases in the layers, so they cannot import them; the top layer
(``hubspoke.home``) gives these answers at start-up with ``provide``. Until it has, every
answer is the one that protects a young person and opens nothing: nobody has capacity (so a
service without a waiting list refuses to accept, rather than accepting into nowhere), a young
person has no cases to show, and nobody is allocated (so contact details stay closed)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class _Answers:
    # has_capacity(*, service_id, spoke_id) -> bool: a worker who could take work held there has room.
    has_capacity: Callable[..., bool]
    # cases_of(young_person) -> list of cases, each with uuid, get_status_display(), opened_at, lead_name.
    cases_of: Callable[..., list]
    # is_allocated(user, young_person) -> bool: the person works the young person's open case now.
    is_allocated: Callable[..., bool]


_DENY = _Answers(
    has_capacity=lambda *, service_id, spoke_id: False,
    cases_of=lambda young_person: [],
    is_allocated=lambda user, young_person: False,
)
_answers: list[_Answers] = [_DENY]


def provide(*, has_capacity: Callable, cases_of: Callable, is_allocated: Callable) -> None:
    _answers[0] = _Answers(has_capacity=has_capacity, cases_of=cases_of, is_allocated=is_allocated)


def has_capacity(*, service_id: int, spoke_id: int | None) -> bool:
    return _answers[0].has_capacity(service_id=service_id, spoke_id=spoke_id)


def cases_of(young_person) -> list:
    return _answers[0].cases_of(young_person)


def is_allocated(user, young_person) -> bool:
    return _answers[0].is_allocated(user, young_person)
