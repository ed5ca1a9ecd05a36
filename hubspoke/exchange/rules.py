"""Who may read and post in a forum category: from the platform's roles, with nothing of the
forum's own. A person qualifies through any of their memberships in force today:

- the **exchange lead** reads, posts and moderates in every category of their programme;
- anyone else holds one of the category's roles (``read_roles`` to read, ``post_roles`` to
  post); for a category of one phase, a hub or spoke worker or manager qualifies only through
  a service in that phase (programme leads, evaluators and administrators are not narrowed);
- a **partner** never has a place in the forum, whatever a category says;
- an archived category is read, never posted in (the lead may still post there).

Pure functions of memberships (``network.Membership`` rows with their service, or spoke and its
service, at hand), so that the same rule decides for the person asking (their scope) and for the
people a post would notify (their memberships, read in one query)."""

from __future__ import annotations

from collections.abc import Iterable

from hubspoke.exchange.models import FORUM_ROLES, STAFF_ROLES
from hubspoke.network.models import Role


def _service_of(membership):
    if membership.service_id:
        return membership.service
    if membership.spoke_id:
        return membership.spoke.service
    return None


def programme_ids(memberships: Iterable) -> set[int]:
    """The programmes a person belongs to, through any role that has a place in the forum."""
    ids = set()
    for m in memberships:
        if m.role == Role.EXCHANGE_LEAD or m.role in FORUM_ROLES:
            service = _service_of(m)
            ids.add(service.programme_id if service is not None else m.programme_id)
    return ids - {None}


def is_lead(memberships: Iterable, programme_id: int | None = None) -> bool:
    return any(m.role == Role.EXCHANGE_LEAD and (programme_id is None or m.programme_id == programme_id)
               for m in memberships)


def has_forum(memberships: Iterable) -> bool:
    """Whether the person has a place in the forum at all (partners alone do not)."""
    return any(m.role == Role.EXCHANGE_LEAD or m.role in FORUM_ROLES for m in memberships)


def _qualifies(memberships: Iterable, category, roles: Iterable[str]) -> bool:
    memberships = list(memberships)
    if is_lead(memberships, category.programme_id):
        return True
    allowed = set(roles) & set(FORUM_ROLES)
    for m in memberships:
        if m.role not in allowed:
            continue
        service = _service_of(m)
        programme = service.programme_id if service is not None else m.programme_id
        if programme != category.programme_id:
            continue
        if category.phase_id and m.role in STAFF_ROLES and service.phase_id != category.phase_id:
            continue
        return True
    return False


def may_read(memberships: Iterable, category) -> bool:
    return _qualifies(memberships, category, category.read_roles)


def may_post(memberships: Iterable, category) -> bool:
    memberships = list(memberships)
    if is_lead(memberships, category.programme_id):
        return True
    return not category.is_archived and _qualifies(memberships, category, category.post_roles)


def may_moderate(memberships: Iterable, category) -> bool:
    return is_lead(memberships, category.programme_id)


def audience_in_words(category) -> str:
    """Who reads the category, as its page says it ("Service managers and the evaluation team")."""
    labels = [str(Role(role).label) for role in FORUM_ROLES if role in category.read_roles]
    if not labels:
        return "The knowledge-exchange lead only"
    words = ", ".join(labels[:-1]) + (" and " if len(labels) > 1 else "") + labels[-1]
    return words + (f", at services in phase {category.phase.number}" if category.phase_id else "")
