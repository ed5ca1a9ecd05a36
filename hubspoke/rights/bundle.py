"""The bundle given to the requester: a ZIP with a readable PDF (or, where PDFs cannot be made
on this server, an HTML page, which the README says), a machine-readable JSON of the same
redacted data with a count of redactions by exemption, and a short README."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone

from hubspoke.lib import pdf
from hubspoke.rights import redaction
from hubspoke.rights.models import Bundle, SubjectAccessRequest

# Fixed times inside the ZIP: the same material makes the same bytes.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def marks_of(sar: SubjectAccessRequest) -> list[redaction.Mark]:
    return [redaction.Mark(m.entry_kind, m.entry_ref, m.field_key, m.passage, m.exemption)
            for m in sar.redactions.all()]


def contents(sar: SubjectAccessRequest) -> dict:
    marks = marks_of(sar)
    return {
        "format": "hubspoke-subject-access/1",
        "service": sar.service.name,
        "received_on": sar.received_on.isoformat(),
        "gathered_at": sar.frozen_at.isoformat() if sar.frozen_at else None,
        "parts": redaction.apply(sar.snapshot or [], marks),
        "redactions": redaction.summary(marks),
    }


def _readme(sar, data, *, with_pdf: bool, problem: str) -> str:
    lines = [
        f"Your information held by {sar.service.name}",
        "",
        "This folder holds everything the service held about you when your request was gathered,",
        "with anything that had to be withheld replaced by [Redacted: the reason].",
        "",
        ("bundle.pdf   the information to read or print" if with_pdf
         else "bundle.html  the information to read in a web browser or print"),
        "bundle.json  the same information for a computer to read",
        "",
    ]
    if not with_pdf:
        lines += [f"A PDF could not be made on the service's server ({problem.split('(')[0].strip()}),",
                  "so the readable copy is a web page instead.", ""]
    total = sum(r["count"] for r in data["redactions"])
    lines.append(f"Redactions: {total}" + ("" if not total else ", " + "; ".join(
        f"{r['label']}: {r['count']}" for r in data["redactions"])))
    return "\n".join(lines) + "\n"


def build(sar: SubjectAccessRequest) -> tuple[bytes, bool]:
    """The ZIP's bytes and whether it holds a PDF."""
    data = contents(sar)
    html = render_to_string("rights/bundle_document.html", {"sar": sar, "data": data,
                                                            "made_on": timezone.localdate()})
    ok, problem = pdf.available()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name, payload):
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), payload, compress_type=zipfile.ZIP_DEFLATED)

        add("README.txt", _readme(sar, data, with_pdf=ok, problem=problem))
        if ok:
            add("bundle.pdf", pdf.render(html))
        else:
            add("bundle.html", html)
        add("bundle.json", json.dumps(data, indent=2, ensure_ascii=False))
    return buffer.getvalue(), ok


def make(bundle_uuid: str) -> bool:
    """Make the bundle's file, once (``actions.store_bundle`` keeps the first)."""
    from hubspoke.rights.actions import store_bundle

    bundle = Bundle.objects.select_related("request__service").filter(uuid=bundle_uuid).first()
    if bundle is None or bundle.file or bundle.made_at is not None:
        return False
    content, with_pdf = build(bundle.request)
    return store_bundle(bundle_uuid=bundle_uuid, content=content, sha256=hashlib.sha256(content).hexdigest(),
                        with_pdf=with_pdf)
