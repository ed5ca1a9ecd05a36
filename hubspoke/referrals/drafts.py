"""A partner's referral while they write it, a page at a time: kept only in their own
server-side session, by the token in the pages' address (so two tabs are two referrals), and
never stored as a referral until they send it. Signing out, or the session ending after its idle
or absolute limit, deletes it with the session.

A sent draft keeps only which referral it became, so that sending twice (a double click, or
the browser's back button) leads to that one referral."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from django.utils.datastructures import MultiValueDict

SESSION_KEY = "referral_drafts"
# Drafts kept at once; starting another forgets the one least recently touched.
MAX_DRAFTS = 5


@dataclass(frozen=True)
class Draft:
    token: uuid.UUID
    steps: dict[str, dict[str, list[str]]]  # step -> what was posted on it, as typed
    sent: str | None  # the referral's UUID, once sent

    def data(self) -> MultiValueDict:
        """Every step's answers together, as a form reads posted data."""
        merged = MultiValueDict()
        for typed in self.steps.values():
            for key, values in typed.items():
                merged.setlist(key, list(values))
        return merged

    def step_data(self, step: str) -> MultiValueDict | None:
        typed = self.steps.get(step)
        return None if typed is None else MultiValueDict({key: list(values) for key, values in typed.items()})


def _all(session) -> dict:
    return dict(session.get(SESSION_KEY, {}))


def _save(session, drafts: dict) -> None:
    session[SESSION_KEY] = drafts


def start(session) -> uuid.UUID:
    drafts = _all(session)
    while len(drafts) >= MAX_DRAFTS:
        del drafts[min(drafts, key=lambda key: drafts[key]["at"])]
    token = uuid.uuid4()
    drafts[str(token)] = {"steps": {}, "sent": None, "at": time.time()}
    _save(session, drafts)
    return token


def get(session, token: uuid.UUID) -> Draft | None:
    """The draft of this session with this token; None for a token this session never started
    (another person's, another browser's) or has forgotten."""
    found = _all(session).get(str(token))
    if found is None:
        return None
    return Draft(token=token, steps=found["steps"], sent=found["sent"])


def save_step(session, token: uuid.UUID, step: str, typed: dict[str, list[str]]) -> None:
    drafts = _all(session)
    draft = drafts.get(str(token))
    if draft is None or draft["sent"]:
        return
    drafts[str(token)] = {**draft, "steps": {**draft["steps"], step: typed}, "at": time.time()}
    _save(session, drafts)


def mark_sent(session, token: uuid.UUID, referral_uuid: uuid.UUID) -> None:
    """Forget what was typed (it is in the referral now) but remember which referral it became."""
    drafts = _all(session)
    drafts[str(token)] = {"steps": {}, "sent": str(referral_uuid), "at": time.time()}
    _save(session, drafts)
