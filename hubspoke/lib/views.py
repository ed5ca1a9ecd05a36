import json
import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hubspoke.lib.http import client_ip, within_limit

security_log = logging.getLogger("hubspoke.security")


@csrf_exempt
@login_not_required
@require_POST
def csp_report(request):
    """Browsers post Content-Security-Policy violations here; they go to the security log, at
    most 30 a minute from one address so that nobody can flood it."""
    if not within_limit(key=f"csp:{client_ip(request)}", limit=30, window_seconds=60):
        return HttpResponse(status=429)
    try:
        # Invalid UTF-8 is a UnicodeDecodeError, which is a ValueError too.
        report = json.loads(request.body[:10_000] or b"{}")
    except ValueError:
        return HttpResponse(status=400)
    body = report.get("csp-report", report) if isinstance(report, dict) else None
    if not isinstance(body, dict):
        # A report is an object, and so is its "csp-report" member: anything else is malformed.
        return HttpResponse(status=400)
    security_log.warning(
        "csp.violation",
        extra={
            "event": "csp.violation",
            "document_uri": str(body.get("document-uri", ""))[:300],
            "violated_directive": str(body.get("violated-directive", ""))[:100],
            "blocked_uri": str(body.get("blocked-uri", ""))[:300],
        },
    )
    return HttpResponse(status=204)


@login_not_required
@require_GET
def healthz(request):
    """For load balancers: the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
