"""The quarterly participation report: which services' reports a person reads, one service's
report for a quarter on screen (exact for its own staff, controlled for the programme and the
evaluators), and as a PDF or a spreadsheet (always controlled: they leave the system)."""

from __future__ import annotations

from pathlib import Path

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from hubspoke.audit import actions as audit
from hubspoke.lib import exports, pdf, periods
from hubspoke.lib.dates import today
from hubspoke.network.models import Service
from hubspoke.participation import access
from hubspoke.participation.report import ParticipationReport, participation_report

QUARTERS_SHOWN = 8
PRINT_CSS = Path(__file__).resolve().parents[1] / "static" / "participation" / "paper.css"


def _quarters(service) -> list[periods.Period]:
    found = [periods.quarter_of(today(), service.programme.year_start_month)]
    while len(found) < QUARTERS_SHOWN:
        found.append(found[-1].previous())
    return found


def _chosen(request, service) -> tuple[list[periods.Period], periods.Period]:
    quarters = _quarters(service)
    return quarters, next((q for q in quarters if q.key == request.GET.get("quarter")), quarters[0])


@require_GET
def report_list(request):
    exact, programmes = access.require_report_reader(request)
    services = list(Service.objects.filter(Q(pk__in=list(exact)) | Q(programme_id__in=list(programmes)),
                                           is_active=True).order_by("name"))
    return render(request, "participation/reports/list.html", {"services": services, "exact": exact})


@require_GET
def report(request, ref):
    service, exact = access.get_report_service(request, ref)
    quarters, chosen = _chosen(request, service)
    found = participation_report(service, chosen, controlled=not exact)
    return render(request, "participation/reports/report.html", {
        "report": found, "quarters": quarters, "exact": exact})


def _download(request, ref, kind: str):
    service, _ = access.get_report_service(request, ref)
    _, chosen = _chosen(request, service)
    found = participation_report(service, chosen, controlled=True)
    audit.record(action="participation.report.downloaded", actor=request.user, subject=service, request=request,
                 detail={"quarter": chosen.key, "format": kind})
    return found, f"participation-{slugify(service.name)}-{chosen.key}"


@require_GET
def report_pdf(request, ref):
    found, name = _download(request, ref, "pdf")
    ok, why = pdf.available()
    if not ok:
        return HttpResponse(f"The PDF cannot be made on this server: {why}", status=503, content_type="text/plain")
    html = render_to_string("participation/reports/print.html", {"report": found, "css": PRINT_CSS.read_text()},
                            request=request)
    response = HttpResponse(pdf.render(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response


def report_sheets(report: ParticipationReport) -> list[tuple[str, list[list]]]:
    """The report as spreadsheet tabs: figures, activities, who took part, outputs, quotes."""
    figures = [["Figure", "Count"],
               *[[line.label, line.n] for line in report.feedback],
               ["Feedback given or declined, in all", report.feedback_total],
               ["Feedback overdue at the quarter's end", report.overdue_at_end],
               ["Activities", report.activities], ["Young people who took part", report.young_people],
               ["Young people who gained accreditation", report.accredited],
               ["Young people paid expenses or a grant", report.paid_to], ["Paid in all (£)", report.paid_pence / 100]]
    kinds = [["Point on the spectrum", "Activities", "Young people"],
             *[[row["label"], row["activities"], row["young_people"]] for row in report.by_kind]]
    who = [["Group", "Young people"],
           *[[f"Age: {line.label}", line.n] for line in report.by_age],
           *[[f"Gender: {line.label}", line.n] for line in report.by_gender],
           *[[line.label, line.n] for line in report.reach],
           *[[f"Accreditation: {line.label}", line.n] for line in report.accreditation]]
    outputs = [["Made in", "Kind", "Title"],
               *[[o.activity.get_kind_display(), o.get_kind_display(), o.title] for o in report.outputs]]
    quotes = [["Said on", "Kind", "Their words"],
              *[[q.said_on.isoformat(), q.get_kind_display(), q.text] for q in report.quotes]]
    return [("Figures", figures), ("Activities", kinds), ("Who took part", who), ("Outputs", outputs),
            ("What they said", quotes)]


@require_GET
def report_xlsx(request, ref):
    found, name = _download(request, ref, "xlsx")
    response = exports.xlsx_response(report_sheets(found), name)
    response["Cache-Control"] = "no-store, private"
    return response
