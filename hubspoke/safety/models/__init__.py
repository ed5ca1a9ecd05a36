"""Worker safety and support: lone-working visits with their escalation (visits.py) and
supervision (supervision.py)."""

from hubspoke.safety.models.supervision import *  # noqa: F403
from hubspoke.safety.models.visits import *  # noqa: F403
