"""Sections that the apps above referrals add to the young person's page (consent and sharing,
stories, requests, retention), given at start-up with ``register`` so that referrals imports
none of them (``lib/panels.py``)."""

from hubspoke.lib.panels import Panels

_panels = Panels()
register = _panels.register


def for_person(request, person) -> list[tuple[str, dict]]:
    return _panels.shown(request, person)
