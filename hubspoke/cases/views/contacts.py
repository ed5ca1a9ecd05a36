"""Contacts: the list, recording one, and opening a restricted note."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.cases import access, actions, queries
from hubspoke.cases.forms import ContactForm
from hubspoke.cases.views._paging import PAGE_SIZE
from hubspoke.lib.dates import today
from hubspoke.lib.forms import add_errors

RECENT_CONTACTS = 10


def contact_rows(contacts, *, may_read_restricted: bool):
    return [{"contact": c, "show_note": not c.restricted or may_read_restricted} for c in contacts]


@require_GET
def contacts(request, ref):
    case = access.get_case_for(request, ref)
    page = Paginator(queries.contacts_of(case), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/contacts.html",
        {"case": case, "page": page,
         "contacts": contact_rows(page, may_read_restricted=access.may_read_restricted(request.user, case)),
         "may_record": access.may_record(request.user, case)},
    )


@require_http_methods(["GET", "POST"])
def new_contact(request, ref):
    """Recording a contact: one short page, quick on a phone."""
    case = access.get_case_for(request, ref, to="record")
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                actions.record_contact(actor=request.user, case=case, fields=form.fields_for_action(),
                                       request=request)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Contact recorded.")
                return redirect("cases:detail", ref=case.uuid)
    else:
        form = ContactForm(initial={"occurred_on": today(), "outcome": "attended", "present": ["young_person"]})
    return render(request, "cases/contact_new.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@require_GET
def restricted_note(request, ref, contact):
    case, found = access.get_restricted_contact_for(request, ref, contact)
    return render(request, "cases/restricted_note.html", {"case": case, "contact": found})
