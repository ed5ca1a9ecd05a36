"""What the audit app needs to know from the apps above it, given to it at start-up so that
audit imports nothing from them.

- ``describe_actor(user) -> (role, organisation)``: set by the network app.
- subject kinds: each app that holds records people may look at registers a kind
  ("referrals.youngperson") with the access function that finds a record for a person who
  wants to see who has looked at it (it must raise Http404 when out of scope)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectKind:
    kind: str
    label: str
    # get_for_manager(request, ref) -> object; raises Http404 outside the person's scope and
    # PermissionDenied where they may see the record but not its viewing history.
    get_for_manager: Callable
    title: Callable = str


_subjects: dict[str, SubjectKind] = {}
_describer: list[Callable] = []


def register_subject(kind: str, *, label: str, get_for_manager: Callable, title: Callable = str) -> None:
    _subjects[kind] = SubjectKind(kind=kind, label=label, get_for_manager=get_for_manager, title=title)


def subject_kind(kind: str) -> SubjectKind | None:
    return _subjects.get(kind)


def set_actor_describer(describer: Callable) -> None:
    _describer[:] = [describer]


def describe_actor(user) -> tuple[str, str]:
    if user is None or not getattr(user, "is_authenticated", False) or not _describer:
        return ("", "")
    return _describer[0](user)


def kind_of(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"
