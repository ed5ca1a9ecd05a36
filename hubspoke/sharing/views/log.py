"""The disclosure log: a service's disclosures and decisions not to share, newest first, for
its managers (everyone else gets the ordinary 404), filtered by GET (dates, agency, route,
kind of information: never a name), a page at a time, and exported as CSV or Excel. The
export carries young people's names, so each one is audited: who, the filters and how many
rows, on each service exported."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from hubspoke.audit import actions as audit
from hubspoke.lib import exports
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.sharing import access, queries
from hubspoke.sharing.categories import labels
from hubspoke.sharing.forms.log import LogFilterForm

PAGE_SIZE = 50
FORMATS = ("csv", "xlsx")
HEADER = ["Date", "Shared or not", "Young person", "Service", "Agency or service", "Person told or who asked",
          "Kinds of information", "How it was lawful", "Lawful basis", "Why", "Decided by", "Answering a request"]


@require_GET
def log(request):
    access.require_service_managers(request)
    scope = scoping.scope_for(request.user)
    services = sorted({m.service for m in scope.memberships if m.service_id in scope.managed_service_ids},
                      key=lambda s: s.name)
    form = LogFilterForm(request.GET, services=services,
                         agencies=queries.log_agencies(scope.managed_service_ids))
    filters = form.filters()
    wanted = request.GET.get("format")
    if wanted in FORMATS and not form.errors:
        return _export(request, form, filters, services, wanted)
    page = Paginator(queries.log_rows(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = form.query_string()
    return render(request, "sharing/log.html", {
        "form": form, "page": page, "entries": queries.log_entries(page.object_list),
        "query": query, "extra": f"&{query}" if query else "",
    }, status=400 if form.errors else 200)


def _export(request, form, filters, services, wanted):
    entries = queries.log_entries(queries.log_rows(filters))
    rows = [HEADER] + [_row(entry) for entry in entries]
    for service in services:
        if service.pk in filters.service_ids:
            audit.record_view(actor=request.user, subject=service, request=request, what="disclosure_log_exported",
                              detail={"format": wanted, "filters": form.described(), "rows": len(entries)})
    name = f"disclosure-log-{slugify(services[0].name) if len(filters.service_ids) == 1 else 'services'}-{today()}"
    if wanted == "csv":
        return exports.csv_response(rows, name)
    return exports.xlsx_response([("Disclosure log", rows)], name)


def _row(entry) -> list:
    record = entry.record
    person = f"{record.young_person.first_name} {record.young_person.last_name}" if record.young_person_id else (
        "Not linked to a record")
    if entry.shared:
        told = ", ".join(filter(None, [record.recipient_name, record.recipient_role]))
        basis = "; ".join(filter(None, [record.get_article6_display(), record.get_article9_display()]))
        return [record.shared_on, "Shared", person, record.service.name, str(record.recipient), told,
                ", ".join(labels(record.categories)), record.get_route_display(), basis, record.reason,
                record.decided_by.full_name, "Yes" if record.information_request_id else "No"]
    return [record.decided_on, "Decided not to share", person, record.service.name,
            record.asked_by_agency.name if record.asked_by_agency_id else "", record.asked_by_name,
            ", ".join(labels(record.categories)), "", "", record.reason, record.decided_by.full_name,
            "Yes" if record.information_request_id else "No"]
