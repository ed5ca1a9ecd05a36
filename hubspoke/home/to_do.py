"""What needs doing, at the top of a staff member's home page: each app that holds work gives
its own lines (``<app>/home.py``, each a fixed number of queries), most urgent first."""

from hubspoke.assessments import home as assessments
from hubspoke.cases import home as cases
from hubspoke.engagement import home as engagement
from hubspoke.exchange import home as exchange
from hubspoke.lib.todo import Item
from hubspoke.monitoring import home as monitoring
from hubspoke.participation import home as participation
from hubspoke.referrals import home as referrals
from hubspoke.retention import home as retention
from hubspoke.rights import home as rights
from hubspoke.safety import home as safety
from hubspoke.sharing import home as sharing
from hubspoke.stories import home as stories

SOURCES = (
    referrals.items, assessments.items, cases.items, safety.items, engagement.items, participation.items, sharing.items,
    stories.items, rights.items, retention.items, exchange.items, monitoring.items,
)


def items_for(user, scope) -> list[Item]:
    found = [item for source in SOURCES for item in source(user, scope)]
    return sorted(found, key=lambda item: not (item.urgent and item.count))
