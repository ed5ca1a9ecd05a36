"""Who may prepare and read a young person's story: the case's current allocated workers and
the service's managers (``cases.access.may_read_restricted``, which a story's restricted items
need), and, to write or give one, those who may record on the open case
(``cases.access.may_record``). Everyone else gets the same 404 as a story that does not exist:
partners, programme roles, other services, and the service's other staff. Every getter marks
the young person's record as shown (``audit.shown``)."""

from __future__ import annotations

from typing import Literal

from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.audit.shown import shown
from hubspoke.cases import access as case_access
from hubspoke.cases.models import Case
from hubspoke.network import scoping
from hubspoke.stories import queries
from hubspoke.stories.models import StoryVersion


def may_see_stories(user, case: Case) -> bool:
    return case_access.may_read_restricted(user, case)


def may_prepare(user, case: Case) -> bool:
    return case_access.may_record(user, case)


def get_case_for_story(request, ref, *, to: Literal["view", "prepare"] = "view") -> Case:
    """The case whose story this is. Out of scope or not one of the story's people: 404; a
    closed case, or staff who may read but not record on it: 403 to prepare."""
    case = case_access.get_case_for(request, ref)
    if not may_see_stories(request.user, case):
        raise deny_not_found(request=request, kind="stories.story", ref=ref)
    if to == "prepare" and not may_prepare(request.user, case):
        raise deny_read_only(request=request, kind="stories.story", ref=ref)
    shown(request, case.young_person)
    return case


def get_version_for(request, ref, *, to: Literal["view", "check", "give"] = "view") -> StoryVersion:
    """A finished version. ``check``: the service's managers (403 for its other people);
    ``give``: those who may record on the open case."""
    found = queries.version(ref)
    if found is None or found.story.service_id not in scoping.scope_for(request.user).member_service_ids \
            or not may_see_stories(request.user, found.story.case):
        raise deny_not_found(request=request, kind="stories.storyversion", ref=ref)
    if to == "check" and not scoping.can_manage_service(request.user, found.story.service_id):
        raise deny_read_only(request=request, kind="stories.storyversion", ref=ref)
    if to == "give" and not may_prepare(request.user, found.story.case):
        raise deny_read_only(request=request, kind="stories.storyversion", ref=ref)
    shown(request, found.story.young_person, detail={"story_version": str(found.uuid)})
    return found


def mark_downloaded(request, version: StoryVersion, what: str) -> None:
    """A PDF or printable page of the version handed out: its own audit row, with the
    version's UUID (never its content), in place of the plain look."""
    shown(request, version.story.young_person, action="stories.version.downloaded",
          detail={"version": str(version.uuid), "number": version.number, "format": what})


def require_managers(request) -> frozenset[int]:
    managed = scoping.scope_for(request.user).managed_service_ids
    if not managed:
        raise deny_not_found(request=request, kind="stories.waiting", ref="managers")
    return managed
