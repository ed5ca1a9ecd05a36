"""Synthetic referrals for the demo programme (filled in by seed_referrals)."""


def seed_referrals(*, seed: int) -> dict[str, int]:
    return {}
