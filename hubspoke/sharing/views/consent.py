"""A young person's consent: its history, recording a decision, and withdrawing consent that
was given. Those who may see the record see the history; its allocated workers and the
service's managers record (``access.may_share``: 403 for other staff, 404 out of scope)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.sharing import access, actions, queries, rules
from hubspoke.sharing.categories import labels
from hubspoke.sharing.forms.consent import ConsentForm, WithdrawalForm


def _name(person) -> str:
    return person.known_as or person.first_name


@require_GET
def consent(request, ref):
    person = access.get_person_for(request, ref)
    records = queries.consent_records_of(person)
    on = today()
    deciding = {r.pk for r in rules.still_deciding(records, on)}
    rows = [{"record": r, "categories": labels(r.categories), "agencies": sorted(a.name for a in r.agencies.all()),
             "deciding": r.pk in deciding, "withdrawable": r.decision == "given" and r.withdrawn_on is None,
             "due": rules.revisit_due(r, on)} for r in records]
    return render(request, "sharing/consent.html", {
        "person": person, "rows": rows, "may_share": access.may_share(request.user, person),
        "sentence": rules.consent_sentence(records, name=_name(person), on=on),
    })


@require_http_methods(["GET", "POST"])
def consent_new(request, ref):
    person = access.get_person_for(request, ref, to="record")
    form = ConsentForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_consent(actor=request.user, young_person=person, fields=form.fields_for_action(),
                                   agencies=form.chosen_agencies(), request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Consent decision recorded.")
            return redirect("sharing:consent", ref=person.uuid)
    return render(request, "sharing/consent_new.html", {"person": person, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, ref):
    record = access.get_consent_for(request, ref, to="record")
    person = record.young_person
    form = WithdrawalForm(request.POST if request.method == "POST" else None)
    standing = record.decision == "given" and record.withdrawn_on is None
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_consent(actor=request.user, consent=record, withdrawn_on=form.cleaned_data["withdrawn_on"],
                                     withdrawn_by=form.cleaned_data["withdrawn_by"],
                                     words=form.cleaned_data["withdrawal_words"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Consent withdrawn. From that date it covers no sharing.")
            return redirect("sharing:consent", ref=person.uuid)
    return render(request, "sharing/consent_withdraw.html", {
        "person": person, "record": record, "form": form, "standing": standing,
        "categories": labels(record.categories), "agencies": sorted(a.name for a in record.agencies.all()),
    }, status=400 if form.errors else 200)
