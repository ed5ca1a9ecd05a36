import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from hubspoke.conftest import make_person
from hubspoke.lib import pdf
from hubspoke.network import actions as network_actions
from hubspoke.network.models import Role
from hubspoke.rights import actions
from hubspoke.rights.models import Bundle, Status
from hubspoke.rights.tests.helpers import full_record, record
from hubspoke.sharing.models import Disclosure, Route

SECRET = "Two older men in a silver car."
PASSAGE = "above the takeaway"


@pytest.fixture
def second_manager(world):
    person = make_person("manager_two")
    network_actions.add_membership(actor=world.manager_a, person=person, role=Role.SERVICE_MANAGER,
                                   place=world.service_a, starts_on=world.memberships["manager_a"].starts_on)
    return person


def _reviewed(world, second_manager, commit):
    person = full_record(world)
    sar = actions.start_review(actor=world.manager_a, sar=record(world, person))
    episode = world.missing_a()
    actions.mark_redaction(actor=world.manager_a, sar=sar, entry_kind="cases.missingepisode",
                           entry_ref=str(episode.uuid), field_key="associates", exemption="third_party")
    actions.mark_redaction(actor=world.manager_a, sar=sar, entry_kind="cases.missingepisode",
                           entry_ref=str(episode.uuid), field_key="places", exemption="serious_harm",
                           passage=PASSAGE)
    with commit(execute=True):  # the bundle is made once the sign-off commits
        return actions.sign_off(actor=second_manager, sar=sar)


def _files(bundle):
    with bundle.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_bundle_holds_every_kind_of_record_and_the_access_log(world, second_manager, django_capture_on_commit_callbacks):
    sar = _reviewed(world, second_manager, django_capture_on_commit_callbacks)
    bundle = Bundle.objects.get(request=sar)
    assert bundle.made_at is not None and bundle.sha256
    sar.refresh_from_db()
    assert sar.status == Status.BUNDLE_READY
    archive = _files(bundle)
    data = json.loads(archive.read("bundle.json"))
    kinds = {e["kind"] for p in data["parts"] for e in p["entries"]}
    assert {"referrals.youngperson", "referrals.referral", "sharing.consentrecord", "sharing.disclosure",
            "sharing.informationrequest", "assessments.assessment", "cases.case", "cases.allocation",
            "cases.contact", "cases.plangoal", "cases.planaction", "cases.missingepisode",
            "cases.casetransfer", "stories.story", "stories.storyversion"} <= kinds
    assert [p["key"] for p in data["parts"]][-1] == "access_log"
    contact = next(e for p in data["parts"] for e in p["entries"] if e["kind"] == "cases.contact")
    assert contact["fields"][0]["key"] == "restriction"
    assert "README.txt" in archive.namelist()


def test_redaction_is_applied_in_the_json_and_the_pdf(world, second_manager, django_capture_on_commit_callbacks):
    sar = _reviewed(world, second_manager, django_capture_on_commit_callbacks)
    archive = _files(Bundle.objects.get(request=sar))
    text = archive.read("bundle.json").decode()
    assert "[Redacted: Third-party information" in text
    assert SECRET not in text and PASSAGE not in text
    assert "A flat [Redacted: Serious harm" in text
    data = json.loads(text)
    assert data["redactions"] == [
        {"exemption": "third_party", "label": "Third-party information (DPA 2018 Schedule 2 paragraph 16)",
         "count": 1},
        {"exemption": "serious_harm", "label": "Serious harm: social work or health data (DPA 2018 Schedule 3)",
         "count": 1}]
    if pdf.available()[0]:
        reader = PdfReader(io.BytesIO(archive.read("bundle.pdf")))
        pages = " ".join(page.extract_text() for page in reader.pages)
        assert "Case file" in pages and "Redacted" in pages
        flat = " ".join(pages.split())
        assert SECRET not in flat and PASSAGE not in flat
    else:
        html = archive.read("bundle.html").decode()
        assert SECRET not in html and PASSAGE not in html


def test_bundle_task_run_twice_makes_one_bundle(world, second_manager, django_capture_on_commit_callbacks):
    from hubspoke.rights import bundle as bundles

    sar = _reviewed(world, second_manager, django_capture_on_commit_callbacks)
    made = Bundle.objects.get(request=sar)
    checksum = made.sha256
    assert bundles.make(str(made.uuid)) is False
    made.refresh_from_db()
    assert made.sha256 == checksum and Bundle.objects.filter(request=sar).count() == 1


def test_passage_not_in_the_field_is_refused(world):
    sar = actions.start_review(actor=world.manager_a, sar=record(world, full_record(world)))
    with pytest.raises(ValidationError) as error:
        actions.mark_redaction(actor=world.manager_a, sar=sar, entry_kind="cases.missingepisode",
                               entry_ref=str(world.missing_a().uuid), field_key="places", exemption="third_party",
                               passage="not in there")
    assert "passage" in error.value.message_dict


def test_the_person_who_marked_cannot_sign_off(world, second_manager):
    sar = actions.start_review(actor=second_manager, sar=record(world, full_record(world)))
    actions.mark_redaction(actor=world.manager_a, sar=sar, entry_kind="cases.missingepisode",
                           entry_ref=str(world.missing_a().uuid), field_key="places", exemption="third_party")
    for who in (world.manager_a, second_manager):
        with pytest.raises(ValidationError):
            actions.sign_off(actor=who, sar=sar)
    assert not Bundle.objects.filter(request=sar).exists()


def test_download_once_records_a_disclosure_and_deletes_the_file(world, second_manager, django_capture_on_commit_callbacks):
    sar = _reviewed(world, second_manager, django_capture_on_commit_callbacks)
    bundle = Bundle.objects.get(request=sar)
    path = bundle.file.path
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the download commits
        content = actions.download_bundle(actor=world.manager_a, bundle=bundle)
    assert content[:2] == b"PK"
    import os

    assert not os.path.exists(path)
    disclosure = Disclosure.objects.get(route=Route.SUBJECT, young_person=sar.young_person)
    assert disclosure.to_subject == "parent" and disclosure.recipient_name == "Pat Parentexample"
    assert {"identity", "referral", "risk", "plan", "missing", "restricted"} <= set(disclosure.categories)
    sar.refresh_from_db()
    assert sar.status == Status.COMPLETED
    with pytest.raises(ValidationError):
        actions.download_bundle(actor=world.manager_a, bundle=bundle)
    with django_capture_on_commit_callbacks(execute=True):
        again = actions.make_bundle_again(actor=world.manager_a, sar=sar)
    again.refresh_from_db()
    assert again.file and again.pk != bundle.pk
