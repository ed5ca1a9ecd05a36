"""Run by test_concurrency.py in a fresh PostgreSQL database of its own: two managers, each
on their own connection, allocate the same referral at the same moment. Prints the outcome as
JSON. (A throw-away database, because the append-only audit table cannot be emptied between
tests the way transactional test cases need.)"""

import datetime as dt
import json
import threading
import uuid

import django

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.db import connection  # noqa: E402

from hubspoke.accounts.models import User  # noqa: E402
from hubspoke.cases import actions  # noqa: E402
from hubspoke.cases.models import Case  # noqa: E402
from hubspoke.network import actions as network  # noqa: E402
from hubspoke.network.models import HubSpokeModel, LocalAuthority, Phase, Programme  # noqa: E402
from hubspoke.referrals import actions as referrals  # noqa: E402


def main():
    system = User.objects.create_user("system@race.invalid", None, full_name="System")
    programme = Programme.objects.create(name="Race Programme")
    phase = Phase.objects.create(programme=programme, number=1)
    model = HubSpokeModel.objects.create(programme=programme, number=1, name="Model", description="Model")
    la = LocalAuthority.objects.create(name="Raceshire", ons_code="E10000099", region="london")
    service = network.add_service(actor=system, programme=programme, phase=phase, name="Race Hub",
                                  organisation="Race Charity", region="london")
    spoke = network.add_spoke(actor=system, service=service, name="Race Spoke", local_authority=la, model=model,
                              starts_on=dt.date(2025, 1, 1))
    people = {}
    for name, role, place in (("manager_one", "service_manager", service), ("manager_two", "service_manager", service),
                              ("worker_one", "spoke_worker", spoke), ("worker_two", "spoke_worker", spoke)):
        people[name] = User.objects.create_user(f"{name}@race.invalid", None, full_name=name)
        network.add_membership(actor=system, person=people[name], role=role, place=place,
                               starts_on=dt.date(2025, 1, 1))
    referral = referrals.record_referral(actor=people["manager_one"], service=service, submission_token=uuid.uuid4(),
                                         details={"subject_first_name": "Race", "subject_last_name": "Case",
                                                  "pathway": "police", "referrer_name": "R", "concerns": "C",
                                                  "consent": "given", "subject_date_of_birth": dt.date(2011, 1, 1)})
    referrals.accept_referral(actor=people["manager_one"], referral=referral, spoke=spoke)

    barrier = threading.Barrier(2)
    outcomes = {}

    def attempt(manager, worker):
        try:
            barrier.wait()
            actions.allocate_referral(actor=people[manager], referral=referral, worker=people[worker])
            outcomes[manager] = "allocated"
        except ValidationError as error:
            outcomes[manager] = " ".join(error.messages)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=attempt, args=("manager_one", "worker_one")),
               threading.Thread(target=attempt, args=("manager_two", "worker_two"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"outcomes": outcomes, "cases": Case.objects.count(),
                      "vendor": connection.vendor}))


if __name__ == "__main__":
    main()
