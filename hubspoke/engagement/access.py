"""Who may see and record the service's work with professionals and the local system.

- The service's staff (managers, hub and spoke workers) see the records of the places they
  work, as they see the service's other records (``network.scoping.records_q``): a spoke
  worker their spoke's, a hub worker the hub's, a manager the whole service's.
- A consultation linked to a young person, and a challenge linked to a young person's case,
  are part of that record: they are seen only by those who may see the young person (or the
  case), wherever the work was recorded, and each look is audited on the young person.
- Whoever did the work, whoever recorded it and the service's managers may change a record.
- Everyone else (partners, programme roles) gets the same 404 as a record that does not exist;
  programme roles see the work only as the monitoring return's figures.

Training feedback is answered by people without an account, by the session's link alone
(``views.public``)."""

from __future__ import annotations

from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.audit.shown import shown
from hubspoke.engagement import queries
from hubspoke.engagement.kinds import KINDS
from hubspoke.network import scoping


def require_staff(request) -> scoping.Scope:
    scope = scoping.scope_for(request.user)
    if not scope.member_service_ids:
        raise deny_not_found(request=request, kind="engagement.work", ref="list")
    return scope


def places_of(user) -> list[tuple[str, object, object]]:
    """Where this person may record work: ``(key, service, spoke or None)``, the hub of each
    service they manage or work at the hub of, each spoke of a service they manage, and their
    own spoke. Keys are ``<service uuid>`` for a hub and ``<service uuid>:<spoke uuid>``."""
    return queries.places_for_user(user)


def may_change(user, record) -> bool:
    return queries.may_change(user, record)


def get_record_for(request, kind_name: str, ref, *, to: str = "view"):
    """A record of one kind within the person's scope (404 otherwise, and for an unknown kind);
    to change it, its worker, its recorder or a manager of its service (others who can see it
    get 403). A record linked to a young person is audited as a look at their record."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise deny_not_found(request=request, kind="engagement.work", ref=str(ref))
    require_staff(request)
    record = queries.records(request.user, kind).filter(uuid=ref).first()
    if record is None:
        raise deny_not_found(request=request, kind=f"engagement.{kind.model._meta.model_name}", ref=ref)
    if to == "change" and not may_change(request.user, record):
        raise deny_read_only(request=request, kind=f"engagement.{kind.model._meta.model_name}", ref=ref)
    person = queries.young_person_of(record)
    if person is not None:
        shown(request, person, action=f"engagement.{kind.model._meta.model_name}.viewed",
              detail={"record": str(record.uuid)})
    return record


def linkable_young_people(user):
    """Young people a consultation may be linked to: those this person may see."""
    return queries.young_people_for(user)


def linkable_cases(user):
    """Cases a challenge may be linked to: open cases this person may see."""
    return queries.open_cases_for(user)


def linkable_referrals(user):
    return queries.referrals_for(user)
