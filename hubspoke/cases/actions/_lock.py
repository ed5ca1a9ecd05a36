"""The first step of nearly every write on a case."""

from django.core.exceptions import ValidationError

from hubspoke.cases.models import Case, CaseStatus


def locked_open_case(case: Case, *, closed: str = "This case is closed.", related: tuple[str, ...] = ()) -> Case:
    """The case's row, locked until the transaction ends (so two writes on one case queue), with
    ``related`` loaded alongside (only the case's row is locked); ``ValidationError(closed)`` if
    the case is not open by then."""
    locked = Case.objects.select_for_update(of=("self",))
    if related:
        locked = locked.select_related(*related)
    locked = locked.get(pk=case.pk)
    if locked.status != CaseStatus.OPEN:
        raise ValidationError(closed)
    return locked
