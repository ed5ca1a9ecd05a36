"""What a story can hold and how it reads: the five questions, the plain meaning of each
assessment level, the record's events offered to choose from (and which of them are left out
unless the worker deliberately adds them), and ``build_snapshot``, the one function that turns a
draft into exactly what the young person reads. The preview, finishing, the printable page and
the PDF all use its result, so what was previewed is what is given."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from hubspoke.lib.dates import format_date
from hubspoke.sharing.categories import Category

# The guided page: (key, heading the young person reads, hint for the worker).
QUESTIONS = (
    ("why_we_met", "Why we met",
     "Why you and the service started working together, in a few short sentences. Say who asked us to help "
     "only as \"someone who was worried about you\", unless you have agreed with them to say more."),
    ("what_you_told_us", "What you told us",
     "The things they told you that matter to them, in their own words where you can. Leave out other "
     "people's names."),
    ("what_we_did", "What we did together",
     "The work you did together: meetings, activities, help with school, health or home."),
    ("what_you_said", "What you said about it",
     "What they said about the support: what helped, what did not, what they would change."),
    ("what_next", "What happens next",
     "What will happen now, who will do it, and how they can get in touch."),
)
QUESTION_KEYS = tuple(key for key, _, _ in QUESTIONS)
HEADINGS = {key: heading for key, heading, _ in QUESTIONS}


def level_meaning(rank: int | None, levels: int) -> str:
    """An easy-read sentence for an assessment level, by its place among the tool's levels."""
    if rank is None or levels <= 0:
        return ""
    if rank == 0:
        return ("This means we are a little worried about you. We will keep checking in with you. "
                "You can ask us for help at any time.")
    if rank >= levels - 1:
        return ("This means we are very worried that someone could hurt you. We will see you often. "
                "Other people whose job is to keep you safe will help too.")
    return ("This means we are worried about some things that could hurt you. We will meet you often. "
            "We will make a plan with you to help keep you safe.")


# Kinds of event that are left out unless the worker deliberately adds them, confirming it, with
# the warning the preview shows beside each one.
RESTRICTED = "restricted"
MISSING = "missing"
OTHER_AGENCIES = "other_agencies"
WARNINGS = {
    RESTRICTED: "A restricted note: only the allocated workers and managers read it in the record.",
    MISSING: "About a time they went missing: check that nothing in it puts them or anyone else at risk.",
    OTHER_AGENCIES: "Other agencies' information: check that the agency has agreed, and that it names nobody else.",
}
CONFIRM_LABELS = {
    RESTRICTED: "I mean to include this restricted note, and it is safe and right for them to read it",
    MISSING: "I mean to include this, and it is safe and right for them to read it",
    OTHER_AGENCIES: "I mean to include another agency's information, and it is right to share it with them",
}

# Which kind of information (sharing.categories) an event of each kind is, for the disclosure.
EVENT_CATEGORIES = {
    "referral": Category.REFERRAL, "allocation": Category.REFERRAL, "contact": Category.PLAN,
    "assessment": Category.RISK, "plan": Category.PLAN, "missing": Category.MISSING,
    "meeting": Category.REFERRAL, "sharing": Category.REFERRAL,
}


@dataclass(frozen=True)
class Choice:
    """An event of the case's chronology offered to the worker: its stable key, the line it
    starts with (the worker rewords it), and why it is left out by default ("" if it is not)."""

    key: str
    on: object  # date
    kind: str
    kind_label: str
    title: str
    default_line: str
    sensitive: str = ""
    category: str = Category.PLAN

    @property
    def warning(self) -> str:
        return WARNINGS.get(self.sensitive, "")

    @property
    def confirm_label(self) -> str:
        return CONFIRM_LABELS.get(self.sensitive, "")


def event_key(event) -> str:
    """An event's stable key: its record's UUID where it has one; otherwise a digest of what
    makes it that event (kind, moment, title), which stays the same while the record does."""
    if event.ref:
        return event.ref
    digest = hashlib.sha256(f"{event.kind}|{event.at.isoformat()}|{event.title}".encode()).hexdigest()
    return "e" + digest[:20]


def choice_from(event, *, restricted_notes: dict[str, str], local_date) -> Choice:
    """An event as offered. Contact notes are left out of the line (they may name other people),
    except a restricted note's own words, which go in only if the worker adds it and confirms;
    a meeting's decisions and anything about sharing are other agencies' information."""
    sensitive = ""
    line = event.title
    category = EVENT_CATEGORIES.get(event.kind, Category.PLAN)
    if event.kind == "contact" and event.ref in restricted_notes:
        sensitive, category = RESTRICTED, Category.RESTRICTED
        line = f"{event.title}. {restricted_notes[event.ref]}".strip()
    elif event.kind == "missing":
        sensitive = MISSING
        line = f"{event.title} ({event.text})" if event.text else event.title
    elif event.kind == "meeting":
        sensitive = OTHER_AGENCIES
        line = f"{event.title}. {event.text}".strip() if event.text else event.title
    elif event.kind == "sharing":
        sensitive = OTHER_AGENCIES
    elif event.kind == "plan" and event.text:
        line = f"{event.title}: {event.text}"
    return Choice(key=event_key(event), on=local_date(event.at), kind=event.kind, kind_label=event.kind_label,
                  title=event.title, default_line=line, sensitive=sensitive, category=category)


def current_goals(goals) -> list:
    return [g for g in goals if g.status == "working"]


def assessment_outcome(risk_now, *, looked_at: bool) -> dict | None:
    """The standing level, its label and what it means; what the assessment looked at (the
    indicators that applied) only if the worker ticked it."""
    latest = risk_now.assessment
    if latest is None or risk_now.rank is None:
        return None
    on = latest.assessed_on or (latest.completed_at.date() if latest.completed_at else None)
    outcome = {"tool": latest.tool.title, "label": risk_now.label, "rank": risk_now.rank, "levels": risk_now.levels,
               "meaning": level_meaning(risk_now.rank, risk_now.levels),
               "assessed_on": on.isoformat() if on else "", "looked_at": []}
    if looked_at:
        texts = {ind["id"]: ind["text"] for section in latest.tool.definition.get("sections", [])
                 for ind in section.get("indicators", [])}
        present = (latest.result or {}).get("present", [])
        outcome["looked_at"] = [texts[i] for i in present if i in texts]
    return outcome


def build_snapshot(*, draft: dict, name: str, service_name: str, worker_name: str, made_on, choices: list[Choice],
                   goals: list, outcome: dict | None) -> dict:
    """Exactly what the young person reads, from the draft and the record as it is now. Only
    events the worker chose are in it, worded as the worker wrote; a sensitive event only if it
    was confirmed (``check_draft`` refuses one that is not, and this leaves it out regardless)."""
    answers = draft.get("answers", {})
    by_key = {c.key: c for c in choices}
    events = []
    for chosen in draft.get("events", []):
        choice = by_key.get(chosen.get("key"))
        if choice is None or (choice.sensitive and not chosen.get("confirmed")):
            continue
        events.append({"key": choice.key, "on": choice.on.isoformat(), "line": (chosen.get("line") or "").strip()
                       or choice.default_line, "warning": choice.warning, "sensitive": choice.sensitive,
                       "category": str(choice.category)})
    events.sort(key=lambda e: e["on"])
    wanted = set(draft.get("goals", []))
    goal_rows = [{"key": str(g.uuid), "element": g.get_element_display(), "goal": g.goal,
                  "your_words": g.young_persons_comments, "agreed": g.get_agreement_display()}
                 for g in goals if str(g.uuid) in wanted]
    return {
        "name": name, "service": service_name, "worker": worker_name, "made_on": made_on.isoformat(),
        "answers": [{"key": key, "heading": HEADINGS[key], "text": (answers.get(key) or "").strip()}
                    for key in QUESTION_KEYS if (answers.get(key) or "").strip()],
        "events": events,
        "goals": goal_rows,
        "assessment": outcome if draft.get("assessment") else None,
    }


def is_empty(snapshot: dict) -> bool:
    return not (snapshot["answers"] or snapshot["events"] or snapshot["goals"] or snapshot["assessment"])


def categories_of(snapshot: dict) -> list[str]:
    """The kinds of information a version holds, in sharing's order: the disclosure's categories."""
    found = {e["category"] for e in snapshot["events"]}
    if snapshot["answers"]:
        found.add(Category.REFERRAL)
    if snapshot["goals"]:
        found.add(Category.PLAN)
    if snapshot["assessment"]:
        found.add(Category.RISK)
    return [c for c in Category.values if c in found]


def warnings_of(snapshot: dict) -> list[dict]:
    return [e for e in snapshot["events"] if e.get("sensitive")]


def fingerprint(snapshot: dict) -> str:
    """What the preview showed, so finishing can tell whether the record changed since."""
    content = {k: v for k, v in snapshot.items() if k not in ("made_on", "worker")}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:32]


def summary_of(snapshot: dict, number: int) -> str:
    """The disclosure's summary: what was given, never its words."""
    parts = [f"{len(snapshot['answers'])} part(s) in the worker's words"]
    if snapshot["events"]:
        parts.append(f"{len(snapshot['events'])} event(s)")
    if snapshot["goals"]:
        parts.append(f"{len(snapshot['goals'])} plan goal(s)")
    if snapshot["assessment"]:
        parts.append("the assessment outcome")
    return f"Their story, version {number} ({format_date_iso(snapshot['made_on'])}): " + ", ".join(parts) + "."


def format_date_iso(value: str) -> str:
    import datetime as dt

    return format_date(dt.date.fromisoformat(value)) if value else ""
