"""Information-sharing agreements: the list (the service's staff and the programme's
administrators; partners only the agreements their agency is a party to), a new agreement, an
agreement with every version, a new version, and a version's signed document (served only
after the access check, each download audited by the getter)."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors
from hubspoke.network import scoping
from hubspoke.sharing import access, actions, queries, rules
from hubspoke.sharing.categories import labels
from hubspoke.sharing.forms.agreements import AgreementForm

logger = logging.getLogger(__name__)


@require_GET
def agreements(request):
    access.require_agreements_page(request)
    found = queries.agreements_for_list(request.user)
    maintained = {service.pk for service in queries.services_for_agreements(request.user)}
    on = today()
    rows = [{"agreement": a, "version": a.current, "status": rules.agreement_status(a.current, on),
             "categories": labels(a.current.categories),
             "may_maintain": a.service_id in maintained} for a in found]
    scope = scoping.scope_for(request.user)
    return render(request, "sharing/agreements.html", {
        "rows": rows,
        "may_create": bool(maintained),
        # A partner sees only the agreements their agency is a party to; staff see the service's.
        "partner_only": bool(scope.agency_ids) and not (scope.member_service_ids or maintained),
        "several_services": len({a.service_id for a in found}) > 1 or len(maintained) > 1,
    })


def _save(request, form, make):
    """Run ``make`` (the action) for a valid form; the action's errors come back by field."""
    if request.method == "POST" and form.is_valid():
        try:
            return make()
        except ValidationError as error:
            add_errors(form, error)
    form.ask_for_the_file_again()
    return None


@require_http_methods(["GET", "POST"])
def agreement_new(request):
    services = access.services_to_maintain_for(request)
    form = AgreementForm(request.POST if request.method == "POST" else None,
                         request.FILES if request.method == "POST" else None, services=services)

    def make():
        return actions.create_agreement(
            actor=request.user, service=form.cleaned_data.get("service") or services[0],
            fields=form.fields_for_action(), parties=list(form.cleaned_data["parties"]),
            signatories=form.signatories(), document=form.cleaned_data["document"], request=request,
        )

    made = _save(request, form, make)
    if made is not None:
        messages.success(request, "Agreement saved.")
        return redirect("sharing:agreement", ref=made.uuid)
    return render(request, "sharing/agreement_form.html", {
        "form": form, "agreement": None, "service": services[0] if len(services) == 1 else None,
    }, status=400 if form.errors else 200)


@require_GET
def agreement(request, ref):
    found = access.get_agreement_for(request, ref)
    on = today()
    # Parties and signatories come prefetched with the versions (the template reads them).
    versions = [{"version": v, "categories": labels(v.categories)} for v in queries.versions_of(found)]
    return render(request, "sharing/agreement.html", {
        "agreement": found, "current": versions[0], "earlier": versions[1:],
        "status": rules.agreement_status(found.current, on),
        "may_maintain": access.may_maintain_agreements(request.user, found.service),
    })


@require_http_methods(["GET", "POST"])
def agreement_revise(request, ref):
    found = access.get_agreement_for(request, ref, to="manage")
    current = found.current
    rows = AgreementForm.rows_for(current)
    form = AgreementForm(request.POST if request.method == "POST" else None,
                         request.FILES if request.method == "POST" else None,
                         version=current, rows=rows, initial=AgreementForm.initial_from(current))

    def make():
        return actions.revise_agreement(
            actor=request.user, agreement=found, fields=form.fields_for_action(),
            parties=list(form.cleaned_data["parties"]), signatories=form.signatories(),
            document=form.cleaned_data["document"], change_note=form.cleaned_data["change_note"], request=request,
        )

    made = _save(request, form, make)
    if made is not None:
        messages.success(request, f"Version {made.number} saved.")
        return redirect("sharing:agreement", ref=found.uuid)
    return render(request, "sharing/agreement_form.html", {
        "form": form, "agreement": found, "service": found.service,
    }, status=400 if form.errors else 200)


@require_GET
def agreement_document(request, ref, number):
    found, version = access.get_agreement_document_for(request, ref, number)
    try:
        handle = version.document.storage.open(version.document.name, "rb")
    except FileNotFoundError:
        logger.error("The signed document of agreement %s version %s is missing from storage", found.uuid, number)
        raise Http404("Not found") from None
    response = FileResponse(handle, as_attachment=True, content_type="application/pdf",
                            filename=version.document_name or f"agreement-version-{number}.pdf")
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
