"""Sections that the apps above cases add to the case page (young people's feedback), given at
start-up with ``register`` so that cases imports none of them (``lib/panels.py``)."""

from hubspoke.lib.panels import Panels

_panels = Panels()
register = _panels.register


def for_case(request, case) -> list[tuple[str, dict]]:
    return _panels.shown(request, case)
