"""What the referrals app needs to know from the apps above it, given at start-up.

``has_capacity(service_id, spoke_id) -> bool``: whether any worker who could take work held
there has room in their caseload. Set by the cases app; until it is, capacity is assumed."""

_capacity_check: list = []


def set_capacity_check(check) -> None:
    _capacity_check[:] = [check]


def has_capacity(*, service_id: int, spoke_id: int | None) -> bool:
    return _capacity_check[0](service_id=service_id, spoke_id=spoke_id) if _capacity_check else True
