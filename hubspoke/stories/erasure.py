"""Erasing everything the stories app holds about one young person (a disposal): every version
and every story with its draft. No file to chase: PDFs are made on demand and never stored.
Runs inside the caller's transaction and writes no audit row (the disposal writes one).
Runs before sharing's eraser, which deletes the disclosures the versions point at."""

from __future__ import annotations

from hubspoke.stories.models import Story, StoryVersion


def erase(young_person) -> dict[str, int]:
    versions, _ = StoryVersion.objects.filter(story__young_person=young_person).delete()
    stories, _ = Story.objects.filter(young_person=young_person).delete()
    return {"story versions": versions, "stories": stories}
