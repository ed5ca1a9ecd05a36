"""A denial is written in autocommit: one recorded inside a transaction would vanish with its
rollback, so the writer refuses it, and the mistake shows in the first test that takes that path."""

import pytest
from django.db import transaction
from django.test import RequestFactory

from hubspoke.audit.actions import DenialInsideTransaction
from hubspoke.audit.guard import deny_not_found
from hubspoke.audit.models import AuditEvent


@pytest.mark.django_db
def test_a_denial_outside_a_transaction_is_written(world):
    request = RequestFactory().get("/cases/x/")
    request.user = world.outsider
    deny_not_found(request=request, kind="cases.case", ref="x")
    assert AuditEvent.objects.filter(action="audit.access.denied", actor=world.outsider).count() == 1


@pytest.mark.django_db
def test_a_denial_inside_a_transaction_is_refused(world):
    request = RequestFactory().get("/cases/x/")
    request.user = world.outsider
    with pytest.raises(DenialInsideTransaction), transaction.atomic():
        deny_not_found(request=request, kind="cases.case", ref="x")
    assert not AuditEvent.objects.filter(action="audit.access.denied", actor=world.outsider).exists()
