import pytest
import time_machine

from hubspoke.conftest import START, make_person
from hubspoke.network import actions as network
from hubspoke.network.models import Role
from hubspoke.retention.tests.helpers import build_young_person

BUILT = "2026-03-02 10:00 +00:00"
# After the 75th birthday of the young person in helpers (born 23 November 2010).
PAST_75 = "2086-01-10 10:00 +00:00"


@pytest.fixture
def person(world):
    with time_machine.travel(BUILT, tick=False):
        return build_young_person(world)


@pytest.fixture
def second_manager(world):
    person = make_person("second_manager")
    network.add_membership(actor=world.admin, person=person, role=Role.SERVICE_MANAGER, place=world.service_a,
                           starts_on=START)
    return person


@pytest.fixture
def lead(world):
    """The programme's administrator, named North Hub's data protection lead."""
    from hubspoke.retention import actions

    actions.set_data_protection_lead(actor=world.admin, service=world.service_a, person=world.admin)
    return world.admin
