"""Writing a young person's story: the guided page, the preview, finishing a version, what is
left out unless deliberately added, who may see and write it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hubspoke.audit.models import AuditEvent
from hubspoke.cases.actions import record_contact, update_goal
from hubspoke.stories import actions, queries, rules
from hubspoke.stories.models import Story, StoryVersion
from hubspoke.stories.tests.helpers import assess, finish, form_data, url

NOTE = "Talked about who she sees after school."


def test_worker_writes_previews_and_finishes_a_version(world, signed_in):
    client = signed_in("worker_a")
    case = world.case_a()
    world.goal_a()
    response = client.post(url("edit", case.uuid), {
        **form_data(world, case, why_we_met="Someone was worried about you.", what_next="We will meet each week."),
        "step": "preview"})
    assert response.status_code == 302 and response["Location"] == url("preview", case.uuid)
    preview = client.get(response["Location"])
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Casey's story" in body and "Someone was worried about you." in body
    assert "Feel safe getting home from college." in body  # the current goal, ticked by default
    assert not StoryVersion.objects.exists()
    finished = finish(client, case)
    version = StoryVersion.objects.get()
    assert finished.status_code == 302 and finished["Location"] == url("version", version.uuid)
    assert version.number == 1 and version.finished_by == world.worker_a
    assert [a["key"] for a in version.snapshot["answers"]] == ["why_we_met", "what_next"]
    assert version.categories == ["referral", "plan"]
    assert AuditEvent.objects.filter(action="stories.version.finished", subject_ref=str(version.uuid)).exists()


def test_a_restricted_note_never_reaches_a_version_unless_deliberately_added(world, signed_in):
    client = signed_in("worker_a")
    case = world.case_a()
    contact = world.contact_a()
    key = str(contact.uuid)
    assert key in {c.key for c in queries.choices_for(case)}
    # Not ticked: not in the version.
    client.post(url("edit", case.uuid), form_data(world, case, why_we_met="We met at school."))
    finish(client, case)
    # Ticked without confirming: refused, nothing saved or finished.
    refused = client.post(url("edit", case.uuid), form_data(world, case, events=[key], why_we_met="We met."))
    assert refused.status_code == 400
    assert "Confirm that you mean to include" in refused.content.decode()
    assert Story.objects.get().draft["events"] == []
    finish(client, case)
    assert StoryVersion.objects.count() == 2
    assert all(NOTE not in str(v.snapshot) for v in StoryVersion.objects.all())
    # Even a draft holding it unconfirmed (written round the form) leaves it out.
    actions.save_draft(actor=world.worker_a, case=case, draft={
        "answers": {"why_we_met": "We met."}, "events": [{"key": key, "line": NOTE, "confirmed": False}]})
    snapshot = queries.snapshot_for(case, Story.objects.get().draft, worker_name="W")
    assert NOTE not in str(snapshot)
    # Ticked and confirmed: in, with a warning in the preview and on the version.
    client.post(url("edit", case.uuid), form_data(world, case, events=[key], confirm=[key], why_we_met="We met."))
    preview = client.get(url("preview", case.uuid)).content.decode()
    assert NOTE in preview and "Added on purpose" in preview and "A restricted note" in preview
    finish(client, case)
    latest = StoryVersion.objects.get(number=3)
    assert NOTE in latest.snapshot["events"][0]["line"]
    assert latest.snapshot["events"][0]["sensitive"] == "restricted"
    assert "restricted" in latest.categories


def test_the_printed_copy_carries_no_warning(world, signed_in):
    client = signed_in("worker_a", recent=True)
    case = world.case_a()
    key = str(world.contact_a().uuid)
    client.post(url("edit", case.uuid), form_data(world, case, events=[key], confirm=[key]))
    finish(client, case)
    version = StoryVersion.objects.get()
    page = client.get(url("version_print", version.uuid))
    assert page.status_code == 200
    assert NOTE in page.content.decode() and "Added on purpose" not in page.content.decode()


def test_missing_episodes_meetings_and_sharing_are_left_out_unless_confirmed(world, signed_in):
    client = signed_in("worker_a")
    case = world.case_a()
    world.missing_a()
    world.disclosure_a()
    sensitive = [c for c in queries.choices_for(case) if c.sensitive]
    assert {c.sensitive for c in sensitive} == {rules.MISSING, rules.OTHER_AGENCIES}
    for c in sensitive:
        response = client.post(url("edit", case.uuid), form_data(world, case, events=[c.key], why_we_met="Hi."))
        assert response.status_code == 400, c.title
    # The missing episode's restricted details are never offered at all.
    assert "silver car" not in str([c.default_line for c in queries.choices_for(case)])


def test_referrer_names_and_other_agencies_are_not_in_the_default_lines(world):
    case = world.case_a()
    world.disclosure_a()
    lines = " ".join(c.default_line for c in queries.choices_for(case) if not c.sensitive)
    assert "Northshire Police" not in lines
    assert world.partner_a.full_name not in lines


def test_a_kept_version_never_changes_when_the_record_does(world, signed_in):
    client = signed_in("worker_a")
    case = world.case_a()
    goal = world.goal_a()
    client.post(url("edit", case.uuid), form_data(world, case, why_we_met="Hello."))
    finish(client, case)
    version = StoryVersion.objects.get()
    update_goal(actor=world.worker_a, goal=goal, status="achieved", agreement="agreed",
                young_persons_comments="I did it myself.")
    assert queries.goals_of(case) == []  # no longer a current goal
    page = client.get(url("version", version.uuid)).content.decode()
    assert "Feel safe getting home from college." in page
    assert "I did it myself." not in page


def test_finishing_after_the_record_changed_since_the_preview_is_refused(world, signed_in):
    client = signed_in("worker_a")
    case = world.case_a()
    world.goal_a()
    client.post(url("edit", case.uuid), form_data(world, case, why_we_met="Hello."))
    seen = client.get(url("preview", case.uuid)).context["form"].initial["seen"]
    from hubspoke.cases.actions import add_goal

    add_goal(actor=world.worker_a, case=case, element="reducing_risk", goal="A new goal.")
    client.post(url("edit", case.uuid), form_data(world, case, why_we_met="Hello."))
    response = client.post(url("finish", case.uuid), {"seen": seen})
    assert response.status_code == 400
    assert "changed since this preview" in response.content.decode()
    assert not StoryVersion.objects.exists()


def test_an_empty_story_cannot_be_finished(world, signed_in):
    client = signed_in("worker_a")
    case = world.case_a()
    refused = client.post(url("edit", case.uuid), form_data(world, case, goals=[]))
    assert refused.status_code == 400 and "Write at least one part" in refused.content.decode()
    assert client.get(url("preview", case.uuid)).context["empty"]
    response = client.post(url("finish", case.uuid), {"seen": "x"})
    assert response.status_code == 400
    assert not StoryVersion.objects.exists()


def test_versions_are_numbered_and_all_kept(world, signed_in):
    client = signed_in("worker_a")
    case = world.case_a()
    for words in ("First.", "Second.", "Third."):
        client.post(url("edit", case.uuid), form_data(world, case, why_we_met=words))
        finish(client, case)
    assert list(StoryVersion.objects.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    assert [v.snapshot["answers"][0]["text"] for v in StoryVersion.objects.order_by("number")] == \
        ["First.", "Second.", "Third."]


def test_the_assessment_outcome_is_in_plain_words_and_its_indicators_only_when_ticked(world, signed_in):
    client = signed_in("worker_a")
    case = world.case_a()
    assessment = assess(world, case.young_person, **{"missing-often": "yes"})
    assert assessment.young_person_id == case.young_person_id and assessment.level_label == "High"
    client.post(url("edit", case.uuid), form_data(world, case, assessment="on"))
    finish(client, case)
    outcome = StoryVersion.objects.get().snapshot["assessment"]
    assert outcome["label"] and outcome["meaning"].startswith("This means")
    assert outcome["looked_at"] == []
    client.post(url("edit", case.uuid), {**form_data(world, case, assessment="on"), "looked_at": "on"})
    finish(client, case)
    assert StoryVersion.objects.get(number=2).snapshot["assessment"]["looked_at"]


def test_an_events_line_is_kept_as_the_worker_reworded_it(world, signed_in):
    client = signed_in("worker_a")
    case = world.case_a()
    record_contact(actor=world.worker_a, case=case, fields={
        "occurred_at": timezone.now(), "method": "face_to_face", "location": "school", "outcome": "attended",
        "present": ["young_person"], "notes": "Her friend Jo came along.", "restricted": False})
    contact = [c for c in queries.choices_for(case) if c.kind == "contact"][0]
    assert "Jo" not in contact.default_line  # contact notes may name other people
    client.post(url("edit", case.uuid), form_data(world, case, events=[contact.key],
                                                   lines={contact.key: "We met at school and talked."}))
    finish(client, case)
    assert StoryVersion.objects.get().snapshot["events"][0]["line"] == "We met at school and talked."


@pytest.mark.parametrize("persona", ["hub_worker_a", "partner_a", "outsider", "programme_lead", "evaluator"])
def test_people_outside_the_case_get_404(world, signed_in, persona):
    version = world.story_version_a()
    client = signed_in(persona, recent=True)
    for name, ref in (("story", world.case_a().uuid), ("edit", world.case_a().uuid), ("version", version.uuid),
                      ("version_pdf", version.uuid), ("version_print", version.uuid)):
        assert client.get(url(name, ref)).status_code == 404, name


def test_every_story_page_marks_the_young_person_shown(world, signed_in):
    client = signed_in("worker_a")
    person = world.case_a().young_person
    before = AuditEvent.objects.filter(action="referrals.youngperson.viewed", subject_ref=str(person.uuid)).count()
    assert client.get(url("edit", world.case_a().uuid)).status_code == 200
    after = AuditEvent.objects.filter(action="referrals.youngperson.viewed", subject_ref=str(person.uuid)).count()
    assert after == before + 1


def test_the_young_persons_page_and_the_case_page_lead_to_the_story(world, signed_in):
    from django.urls import reverse

    case = world.case_a()
    page = signed_in("worker_a").get(reverse("referrals:young_person", kwargs={"ref": case.young_person.uuid}))
    assert page.status_code == 200
    assert url("story", case.uuid) in page.content.decode()
    world.story_version_a()
    page = signed_in("worker_a").get(reverse("referrals:young_person", kwargs={"ref": case.young_person.uuid}))
    assert "version 1, not given yet" in page.content.decode()
    case_page = signed_in("worker_a").get(reverse("cases:detail", kwargs={"ref": case.uuid}))
    assert url("story", case.uuid) in case_page.content.decode()
