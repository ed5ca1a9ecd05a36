"""Reads for the safety app (visits.py; supervision.py)."""

from hubspoke.safety.queries.visits import *  # noqa: F403
