"""The kinds of work recorded, each with its model, its words, and what it may be linked to:
the one list the pages, the access rule and the return read."""

from __future__ import annotations

from dataclasses import dataclass

from hubspoke.engagement.models import Challenge, Consultation, PreventionSession, StrategicMeeting, TrainingSession


@dataclass(frozen=True)
class Kind:
    name: str  # the address's word: /engagement/<name>/
    model: type
    label: str  # "Consultations"
    one: str  # "consultation"
    record_label: str  # the button: "Record a consultation"
    # Fields naming a young person or a case, the first present deciding: the record is then theirs.
    linked_by: tuple[str, ...] = ()
    about: str = ""  # one line under the kind's heading


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("consultations", Consultation, "Consultations", "consultation", "Record a consultation",
         linked_by=("young_person", "referral__young_person"),
         about="Advice given to a professional about a child who is not on the caseload, or not yet."),
    Kind("training", TrainingSession, "Training", "training session", "Record a training session",
         about="Training and awareness sessions delivered to professionals, parents and carers, with participants' "
               "anonymous feedback."),
    Kind("prevention", PreventionSession, "Prevention", "prevention session", "Record a prevention session",
         about="Prevention and group sessions with young people in schools, colleges and youth venues: numbers, "
               "never names."),
    Kind("meetings", StrategicMeeting, "Meetings", "meeting", "Record a meeting",
         about="Strategic and multi-agency meetings attended, the service's part in them and what came of them."),
    Kind("challenges", Challenge, "Challenges", "challenge", "Record a challenge",
         linked_by=("case",),
         about="Challenges of another agency's decision or practice, and referrers' disputes of our decisions, "
               "through each stage of the escalation protocol."),
)}
