"""Everything the stories app holds about one young person, for a subject access request: each
story's draft (the worker's words and choices) and every finished version as it was written
for them, with when it was finished, checked and given. Two queries however many there are."""

from __future__ import annotations

import json

from hubspoke.lib.personal_data import Entry, Field, Part
from hubspoke.stories import rules
from hubspoke.stories.models import Story, StoryVersion


def _version_text(snapshot: dict) -> list[Field]:
    fields = [Field(key=f"answer:{a['key']}", label=a["heading"], text=a["text"]) for a in snapshot["answers"]]
    for i, event in enumerate(snapshot["events"]):
        label = f"Event on {rules.format_date_iso(event['on'])}"
        if event.get("sensitive"):
            label += f" (added on purpose: {rules.WARNINGS[event['sensitive']]})"
        fields.append(Field(key=f"event:{event.get('key', i)}", label=label, text=event["line"]))
    for goal in snapshot["goals"]:
        said = f"\nWhat they said: {goal['your_words']}" if goal["your_words"] else ""
        fields.append(Field(key=f"goal:{goal['key']}", label="Goal", text=goal["goal"] + said))
    if snapshot.get("assessment"):
        a = snapshot["assessment"]
        text = f"{a['label']}. {a['meaning']}"
        if a.get("looked_at"):
            text += "\nWhat it looked at: " + "; ".join(a["looked_at"])
        fields.append(Field(key="assessment", label="Assessment outcome", text=text))
    return fields


def gather(young_person) -> list[Part]:
    stories = list(Story.objects.filter(young_person=young_person).select_related("case", "draft_saved_by")
                   .order_by("created_at", "pk"))
    versions = list(StoryVersion.objects.filter(story__young_person=young_person)
                    .select_related("finished_by", "checked_by", "given_by").order_by("story_id", "number"))
    entries = []
    for story in stories:
        draft = story.draft or {}
        fields = [Field(key=f"draft:{key}", label=f"Draft: {rules.HEADINGS[key]}", text=text)
                  for key, text in draft.get("answers", {}).items() if key in rules.HEADINGS and (text or "").strip()]
        fields.append(Field(key="draft:choices", label="Draft: what was chosen from the record",
                            text=json.dumps({k: draft.get(k) for k in ("events", "goals", "assessment", "looked_at")},
                                            default=str)))
        entries.append(Entry(kind="stories.story", ref=str(story.uuid),
                             title=f"Story of the case opened {story.case.opened_at:%-d %B %Y}",
                             when=story.draft_saved_at or story.created_at, fields=tuple(fields)))
    for v in versions:
        status = [Field(key="finished", label="Finished by", text=v.finished_by.full_name)]
        if v.checked_at:
            status.append(Field(key="checked", label="Checked by", text=v.checked_by.full_name))
        if v.given_on:
            status.append(Field(key="given", label="Given",
                                text=f"{v.given_on:%-d %B %Y}, {v.get_given_how_display().lower()}, "
                                     f"by {v.given_by.full_name}"))
        entries.append(Entry(kind="stories.storyversion", ref=str(v.uuid), title=f"Their story, version {v.number}",
                             when=v.finished_at, fields=tuple(status + _version_text(v.snapshot))))
    return [Part(key="stories", title="Their own story", entries=tuple(entries))] if entries else []
