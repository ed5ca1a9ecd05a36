"""The PDF and the printable page: made from the frozen snapshot, behind step-up
re-authentication, each download audited with the version's UUID and nothing of its content;
a server without Pango says what is missing instead of failing."""

from __future__ import annotations

import io

from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.lib import pdf
from hubspoke.stories.tests.helpers import url


def downloads(version):
    return AuditEvent.objects.filter(action="stories.version.downloaded")


def test_the_pdf_needs_a_fresh_password_and_each_download_is_audited(world, signed_in):
    version = world.story_version_a()
    stale = signed_in("worker_a")
    response = stale.get(url("version_pdf", version.uuid))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not downloads(version).exists()
    client = signed_in("worker_a", recent=True)
    response = client.get(url("version_pdf", version.uuid))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = downloads(version).get()
    assert event.detail["version"] == str(version.uuid) and event.detail["format"] == "pdf"
    assert event.subject_ref == str(version.story.young_person.uuid)
    assert "worried" not in str(event.detail)
    client.get(url("version_print", version.uuid))
    assert downloads(version).count() == 2


def test_the_pdf_is_tagged_large_and_says_whose_story_it_is(world, signed_in):
    from pypdf import PdfReader

    version = world.story_version_a()
    response = signed_in("worker_a", recent=True).get(url("version_pdf", version.uuid))
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Casey's story" in text and "North Hub" in text and "Someone was worried about you." in text
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged
    assert reader.trailer["/Root"].get("/Lang") == "en"
    assert "Casey" in str(reader.metadata.title)


def test_the_printable_page_is_a_whole_document_in_english(world, signed_in):
    version = world.story_version_a()
    page = signed_in("worker_a", recent=True).get(url("version_print", version.uuid))
    body = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in body and "<title>Casey's story" in body and "<h2" in body
    assert "<style" not in body  # the stylesheet is a file: the page's security policy allows no inline style


def test_without_pango_the_button_says_what_is_missing_and_the_pdf_address_explains(world, signed_in, monkeypatch):
    monkeypatch.setattr(pdf, "_import_error", lambda: pdf.MISSING_PANGO)
    version = world.story_version_a()
    client = signed_in("worker_a", recent=True)
    page = client.get(url("version", version.uuid)).content.decode()
    assert 'disabled aria-disabled="true"' in page and "Pango text library" in page
    response = client.get(url("version_pdf", version.uuid))
    assert response.status_code == 503
    assert "Pango text library" in response.content.decode()
    assert reverse("stories:version_print", kwargs={"ref": version.uuid}) in response.content.decode()
    assert not downloads(version).exists()
