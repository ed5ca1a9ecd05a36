"""What the stories app hands over for a subject access request, and what it erases."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hubspoke.lib.dates import today
from hubspoke.stories import actions, erasure, personal_data
from hubspoke.stories.models import Story, StoryVersion


def test_gather_hands_over_every_draft_and_version_in_two_queries(world):
    version = world.story_version_a()
    actions.give_version(actor=world.worker_a, version=version, given_on=today(), how="pdf")
    person = version.story.young_person
    with CaptureQueriesContext(connection) as queries:
        parts = personal_data.gather(person)
    assert len(queries) == 2
    (part,) = parts
    kinds = [e.kind for e in part.entries]
    assert kinds == ["stories.story", "stories.storyversion"]
    version_entry = part.entries[1]
    assert version_entry.ref == str(version.uuid)
    texts = {f.key: f.text for f in version_entry.fields}
    assert texts["answer:why_we_met"] == "Someone was worried about you."
    assert "a pdf copy" in texts["given"]


def test_gather_of_someone_without_a_story_is_empty(world):
    assert personal_data.gather(world.case_a().young_person) == []


def test_erase_deletes_every_version_and_story(world):
    version = world.story_version_a()
    person = version.story.young_person
    counts = erasure.erase(person)
    assert counts == {"story versions": 1, "stories": 1}
    assert not Story.objects.exists() and not StoryVersion.objects.exists()
