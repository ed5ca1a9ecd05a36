"""Everything the service holds about one young person, put together for a subject access
request: each app's ``personal_data.gather`` in the order the bundle shows them, then the access
log ("who has seen this record") for every record gathered. A fixed number of queries."""

from __future__ import annotations

from hubspoke.assessments import personal_data as assessments
from hubspoke.audit.actions import is_a_look
from hubspoke.audit.models import AuditEvent
from hubspoke.cases import personal_data as cases
from hubspoke.engagement import personal_data as engagement
from hubspoke.lib.personal_data import Entry, Field, Part
from hubspoke.participation import personal_data as participation
from hubspoke.referrals import personal_data as referrals
from hubspoke.referrals.models import YoungPerson
from hubspoke.referrals.personal_data import text_of
from hubspoke.sharing import personal_data as sharing
from hubspoke.stories import personal_data as stories

# The order of the bundle. An app that comes to hold a young person's data adds its
# ``personal_data.gather`` here.
GATHERERS = (
    referrals.gather,
    sharing.gather,
    assessments.gather,
    cases.gather,
    engagement.gather,
    participation.gather,
    stories.gather,
)

ACCESS_LOG = "access_log"


def access_log(young_person: YoungPerson, parts: list[Part]) -> Part:
    """Every look at the young person's records that the audit trail holds, oldest first: who
    (name, role, organisation), when, and what they looked at. One query."""
    refs = {str(young_person.uuid)} | {e.ref for part in parts for e in part.entries}
    events = (AuditEvent.objects.filter(subject_ref__in=sorted(refs)).select_related("actor")
              .order_by("occurred_at", "id"))
    titles = {e.ref: e.title for part in parts for e in part.entries}
    entries = []
    for event in events:
        if not is_a_look(event.action) or event.action == "audit.access.denied":
            continue
        who = event.actor.full_name if event.actor_id else "The system"
        fields = [Field("who", "Who", who)]
        if event.actor_role:
            fields.append(Field("role", "Role", event.actor_role.replace("_", " ")))
        if event.actor_organisation:
            fields.append(Field("organisation", "Organisation", event.actor_organisation))
        fields.append(Field("what", "What was seen", titles.get(event.subject_ref, "Your record")
                            + f" ({event.action.rsplit('.', 1)[-1].replace('_', ' ')})"))
        entries.append(Entry(kind="audit.auditevent", ref=str(event.pk), title=f"Seen {text_of(event.occurred_at)}",
                             when=event.occurred_at, fields=tuple(fields)))
    return Part(key=ACCESS_LOG, title="Who has seen your record", entries=tuple(entries))


def gather(young_person: YoungPerson) -> list[Part]:
    parts = [part for gatherer in GATHERERS for part in gatherer(young_person)]
    return parts + [access_log(young_person, parts)]


def parts_from_json(data: list[dict]) -> list[Part]:
    """The frozen snapshot back as Parts (dates stay the ISO strings they were frozen as)."""
    return [Part(key=p["key"], title=p["title"], entries=tuple(
        Entry(kind=e["kind"], ref=e["ref"], title=e["title"], when=e["when"],
              fields=tuple(Field(f["key"], f["label"], f["text"]) for f in e["fields"]))
        for e in p["entries"])) for p in data]
