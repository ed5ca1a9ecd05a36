import os

from hubspoke.rights import actions
from hubspoke.rights.erasure import erase
from hubspoke.rights.models import Bundle, SubjectAccessRequest
from hubspoke.rights.tests.helpers import record
from hubspoke.rights.tests.test_bundle import second_manager  # noqa: F401


def test_erase_removes_requests_marks_snapshots_and_bundle_files(world, second_manager,  # noqa: F811
                                                                  django_capture_on_commit_callbacks):
    person = world.case_a().young_person
    sar = actions.start_review(actor=world.manager_a, sar=record(world, person))
    actions.mark_redaction(actor=world.manager_a, sar=sar, entry_kind="referrals.youngperson",
                           entry_ref=str(person.uuid), field_key="first_name", exemption="third_party")
    with django_capture_on_commit_callbacks(execute=True):
        actions.sign_off(actor=second_manager, sar=sar)
    path = Bundle.objects.get(request=sar).file.path
    assert os.path.exists(path)
    other = record(world, world.case_a().young_person)
    with django_capture_on_commit_callbacks(execute=True):
        counts = erase(person)
    assert counts == {"subject access bundles": 1, "redaction marks": 1, "pauses": 0, "subject access requests": 2}
    assert not SubjectAccessRequest.objects.filter(pk__in=[sar.pk, other.pk]).exists()
    assert not os.path.exists(path)
