"""Server-made PDFs: tagged, fetching nothing from outside the project, and a clear message
where the system library is missing."""

from __future__ import annotations

import pytest

from hubspoke.lib import pdf

PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A test page</title></head>'
        '<body><h1>A heading</h1><p>Words.</p>{extra}</body></html>')


def needs_pango():
    ok, problem = pdf.available()
    if not ok:
        pytest.skip(problem)


def test_a_pdf_is_tagged_and_titled():
    needs_pango()
    import io

    from pypdf import PdfReader

    made = pdf.render(PAGE.format(extra=""))
    reader = PdfReader(io.BytesIO(made))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged: headings keep their structure
    assert root.get("/StructTreeRoot") is not None
    assert reader.metadata.title == "A test page" and root["/Lang"] == "en"
    assert "A heading" in reader.pages[0].extract_text()


def test_a_pdf_fetches_nothing_from_the_network(monkeypatch):
    needs_pango()
    import urllib.request

    opened = []
    monkeypatch.setattr(urllib.request.OpenerDirector, "open",
                        lambda self, *a, **k: opened.append(a) or (_ for _ in ()).throw(AssertionError("fetched")))
    made = pdf.render(PAGE.format(extra='<img alt="" src="https://example.invalid/tracker.png">'
                                        '<link rel="stylesheet" href="file:///etc/passwd">'))
    assert made.startswith(b"%PDF-") and opened == []


def test_without_pango_the_product_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(pdf, "_import_error", lambda: pdf.MISSING_PANGO)
    ok, problem = pdf.available()
    assert not ok and "Pango" in problem and "apt-get install" in problem
    with pytest.raises(RuntimeError, match="Pango"):
        pdf.render(PAGE.format(extra=""))
