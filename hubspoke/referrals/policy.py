"""What the referrals app needs to know from the apps above it, given at start-up.

``has_capacity(service_id, spoke_id) -> bool``: whether any worker who could take work held
there has room in their caseload. Set by the cases app; until it is, capacity is assumed."""

_capacity_check: list = []


def set_capacity_check(check) -> None:
    _capacity_check[:] = [check]


def has_capacity(*, service_id: int, spoke_id: int | None) -> bool:
    return _capacity_check[0](service_id=service_id, spoke_id=spoke_id) if _capacity_check else True


# ``cases_of(young_person) -> list``: the young person's cases, each with ``uuid``,
# ``get_status_display()``, ``opened_at`` and ``lead_name``; and ``is_allocated(user,
# young_person) -> bool``: whether the person works the young person's open case now. Both set
# by the cases app; until they are, a young person has no cases and nobody is allocated.
_case_lookup: list = []
_allocation_check: list = []


def set_case_lookup(lookup) -> None:
    _case_lookup[:] = [lookup]


def cases_of(young_person) -> list:
    return _case_lookup[0](young_person) if _case_lookup else []


def set_allocation_check(check) -> None:
    _allocation_check[:] = [check]


def is_allocated(user, young_person) -> bool:
    return _allocation_check[0](user, young_person) if _allocation_check else False
