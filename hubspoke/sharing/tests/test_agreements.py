"""Information-sharing agreements: maintained by the service's managers and the programme's
administrators, seen read-only by the service's staff, seen by partners only where their agency
is a party (404 for anything else); every version kept with its signed PDF, which is served only
after the access check and each download audited; bad terms refused by their field with nothing
typed lost; agreements past their review date on the manager's home page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import START, TINY_PDF, assert_flat_queries, make_person
from hubspoke.lib.dates import today
from hubspoke.network import actions as network
from hubspoke.network.models import Agency, AgencyType, Role
from hubspoke.sharing import actions
from hubspoke.sharing.models import Agreement, AgreementVersion
from hubspoke.tests.test_stacked_tables import assert_cells_labelled

LIST = reverse("sharing:agreements")
NEW = reverse("sharing:agreement_new")


def pdf(name="signed agreement.pdf", content=TINY_PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def date(prefix: str, value: dt.date) -> dict:
    return {f"{prefix}_day": str(value.day), f"{prefix}_month": str(value.month), f"{prefix}_year": str(value.year)}


def terms(world, **overrides) -> dict:
    """A whole new agreement as the form posts it: the service's signatory and the police's."""
    data = {
        "title": "Northshire missing children protocol", "purpose": "Finding children who go missing, quickly.",
        "parties": [world.police_a.pk], "article6": "public_task", "article9": "safeguarding",
        "categories": ["identity", "missing"],
        **date("starts_on", dt.date(2026, 4, 1)), **date("review_on", dt.date(2027, 4, 1)),
        "signatory_0_name": "Sam Manager", "signatory_0_role": "Service manager",
        **date("signatory_0_signed_on", dt.date(2026, 3, 20)),
        "signatory_1_agency": world.police_a.pk, "signatory_1_name": "DI Ward", "signatory_1_role": "Head of PPU",
        **date("signatory_1_signed_on", dt.date(2026, 3, 25)),
        "document": pdf(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def partner_of_csc_b(world) -> Client:
    """A partner of Southshire Children's Services, which is party to nothing of North Hub's."""
    person = make_person("partner_b", totp_secret=generate_totp_secret())
    network.add_membership(actor=world.admin, person=person, role=Role.PARTNER, place=world.csc_b, starts_on=START)
    return fresh_client(person)


def fresh_client(person) -> Client:
    """Signed in now: after the clock moves on, a session from before has expired."""
    client = Client()
    client.force_login(person)
    return client


def _day_after_review(agreement) -> dt.datetime:
    return dt.datetime.combine(agreement.current.review_on + dt.timedelta(days=1), dt.time(12))


def detail_url(agreement) -> str:
    return reverse("sharing:agreement", kwargs={"ref": agreement.uuid})


def document_url(agreement, number=1) -> str:
    return reverse("sharing:agreement_document", kwargs={"ref": agreement.uuid, "number": number})


# --- Maintaining ------------------------------------------------------------------------


def test_a_manager_adds_an_agreement_with_its_signed_pdf(signed_in, world, settings):
    manager = signed_in("manager_a")
    response = manager.post(NEW, terms(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = Agreement.objects.get(current__title="Northshire missing children protocol")
    assert response["Location"] == detail_url(agreement)
    version = agreement.current
    assert (agreement.service, version.number, version.categories) == (world.service_a, 1, ["identity", "missing"])
    assert list(version.parties.all()) == [world.police_a]
    # The two rows typed; the two blank rows ignored.
    assert [(s.agency, s.name, s.role, s.signed_on) for s in version.signatories.all()] == [
        (None, "Sam Manager", "Service manager", dt.date(2026, 3, 20)),
        (world.police_a, "DI Ward", "Head of PPU", dt.date(2026, 3, 25)),
    ]
    # Stored outside the web root under a name that says nothing, with the uploaded name kept.
    stored = Path(settings.HUBSPOKE_PRIVATE_MEDIA_ROOT) / version.document.name
    assert stored.read_bytes() == TINY_PDF
    assert "signed" not in version.document.name and version.document_name == "signed agreement.pdf"
    assert version.document_size == len(TINY_PDF) and len(version.document_sha256) == 64
    assert AuditEvent.objects.filter(action="sharing.agreement.created", subject_ref=str(agreement.uuid),
                                     actor=world.manager_a).exists()
    page = manager.get(detail_url(agreement)).content.decode()
    assert "DI Ward, Head of PPU, for Northshire Police" in page and "Sam Manager, Service manager, for North Hub" in page


def test_a_manager_of_one_service_is_not_asked_which(signed_in, world):
    response = signed_in("manager_a").get(NEW)
    assert response.status_code == 200
    assert "service" not in response.context["form"].fields
    assert "Signed for North Hub" in response.content.decode()


def test_an_administrator_picks_the_service_and_never_sees_a_young_person(signed_in, world):
    admin = signed_in("admin")
    form = admin.get(NEW).context["form"]
    assert {s.name for s in form.fields["service"].queryset} == {"North Hub", "South Hub"}
    response = admin.post(NEW, terms(world, document=None))
    assert response.status_code == 400
    assert response.context["form"].errors["service"] == ["Select the service"]
    response = admin.post(NEW, terms(world, service=world.service_b.pk, document=None))
    assert response.status_code == 302
    made = Agreement.objects.get(service=world.service_b)
    assert made.created_by == world.admin and not made.current.document
    # Administrators see and maintain every service's agreements of their programme...
    assert signed_in("admin").get(detail_url(world.agreement_a())).status_code == 200
    assert admin.get(reverse("sharing:agreement_revise", kwargs={"ref": world.agreement_a().uuid})).status_code == 200
    # ...and still no page about a young person.
    assert admin.get(reverse("referrals:young_person", kwargs={"ref": world.case_a().young_person.uuid})
                     ).status_code == 404


def test_a_manager_cannot_make_an_agreement_for_another_service(signed_in, world):
    response = signed_in("manager_a").post(NEW, terms(world, service=world.service_b.pk))
    assert response.status_code == 302
    # The field is not offered to a manager of one service: a posted one is ignored.
    assert Agreement.objects.get(current__title="Northshire missing children protocol").service == world.service_a
    assert not Agreement.objects.filter(service=world.service_b).exists()


def test_a_new_version_starts_from_the_current_terms_and_keeps_the_old(signed_in, world):
    agreement = world.agreement_a()
    first = agreement.current
    manager = signed_in("manager_a")
    url = reverse("sharing:agreement_revise", kwargs={"ref": agreement.uuid})
    response = manager.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Northshire exploitation protocol"' in page and 'value="DI Example"' in page
    form = response.context["form"]
    assert form["categories"].value() == ["referral", "risk"]
    assert "keep the signed agreement of version 1" in page

    data = terms(world, title="Northshire exploitation protocol", categories=["referral", "risk", "missing"],
                 document=None, change_note="Missing episodes added after the annual review.",
                 **date("starts_on", START), **date("review_on", today() + dt.timedelta(days=365)))
    response = manager.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement.refresh_from_db()
    second = agreement.current
    assert second.number == 2 and second.pk != first.pk
    assert second.categories == ["referral", "risk", "missing"]
    assert second.change_note == "Missing episodes added after the annual review."
    # No new file: the signed document of version 1 is kept for version 2 too.
    assert second.document.name == first.document.name
    first.refresh_from_db()
    assert first.categories == ["referral", "risk"] and first.number == 1
    assert AgreementVersion.objects.filter(agreement=agreement).count() == 2
    assert AuditEvent.objects.filter(action="sharing.agreement.revised", subject_ref=str(agreement.uuid)).exists()

    page = manager.get(detail_url(agreement)).content.decode()
    assert "Version 2, recorded by Manager A" in page
    assert "Version 1: Northshire exploitation protocol" in page
    assert "Missing episodes added after the annual review." in page
    assert document_url(agreement, 1) in page and document_url(agreement, 2) in page


def test_a_new_version_says_what_changed(signed_in, world):
    agreement = world.agreement_a()
    url = reverse("sharing:agreement_revise", kwargs={"ref": agreement.uuid})
    response = signed_in("manager_a").post(url, terms(world, document=None))
    assert response.status_code == 400
    assert response.context["form"].errors["change_note"] == ["Enter what has changed in this version"]
    with pytest.raises(Exception, match="Enter what has changed"):
        actions.revise_agreement(actor=world.manager_a, agreement=agreement, fields={}, parties=[], change_note=" ")
    agreement.refresh_from_db()
    assert agreement.current.number == 1


# --- Bad input ----------------------------------------------------------------------------


BAD = {
    "end before start": ({**date("ends_on", dt.date(2026, 3, 31))}, "ends_on",
                         "The end date must be the same as or after the start date"),
    "review before start": ({**date("review_on", dt.date(2026, 3, 1))}, "review_on",
                            "The review date must be the same as or after the start date"),
    "no categories": ({"categories": None}, "categories",
                      "Select at least one kind of information the agreement covers"),
    "no parties": ({"parties": None}, "parties",
                   "Select at least one agency that is a party to the agreement"),
    "special categories without article 9": ({"article9": "none"}, "article9",
                                             "Select the condition for special category information"),
    "not a pdf": ({"document": pdf("signed.pdf", b"PK\x03\x04 a word document really")}, "document",
                  "The selected file must be a PDF"),
    "a pdf in name only": ({"document": pdf("signed.pdf", b"%PDX-1.4 nearly")}, "document",
                           "The selected file must be a PDF"),
    "an empty file": ({"document": pdf("signed.pdf", b"")}, "document", "The selected file is empty"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_terms_are_refused_by_their_field_and_nothing_typed_is_lost(case, signed_in, world, settings):
    overrides, field, message = BAD[case]
    response = signed_in("manager_a").post(NEW, terms(world, **overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors[field][0].startswith(message), errors
    # A good file chosen with bad terms: asked for again (a browser cannot keep it).
    assert set(errors) == {field} | ({"document"} if field != "document" else set()), errors
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page and f'id="id_{field}-error"' in page
    # Everything typed is there again.
    assert 'value="Northshire missing children protocol"' in page and "Finding children who go missing" in page
    assert 'value="DI Ward"' in page and 'name="signatory_1_signed_on_day" type="text" inputmode="numeric" value="25"' in page
    assert not Agreement.objects.exists()
    assert not any(Path(settings.HUBSPOKE_PRIVATE_MEDIA_ROOT).rglob("*.pdf")), "a refused agreement leaves no file"


def test_a_file_over_the_size_limit_is_refused(signed_in, world, settings):
    settings.HUBSPOKE_AGREEMENT_MAX_BYTES = 2 * 1024 * 1024
    big = TINY_PDF + b"0" * (2 * 1024 * 1024)
    response = signed_in("manager_a").post(NEW, terms(world, document=pdf("big.pdf", big)))
    assert response.status_code == 400
    assert response.context["form"].errors["document"] == ["The selected file must be smaller than 2MB"]
    assert not Agreement.objects.exists()


def test_the_action_refuses_bad_terms_whatever_the_page(world):
    """The same rules hold for any caller, all at once, each by its field."""
    with pytest.raises(Exception) as refused:
        actions.create_agreement(
            actor=world.manager_a, service=world.service_a, parties=[],
            fields={"title": "T", "purpose": "P", "article6": "public_task", "article9": "", "categories": ["risk"],
                    "starts_on": dt.date(2026, 4, 1), "review_on": dt.date(2026, 3, 1),
                    "ends_on": dt.date(2026, 3, 1)},
            document=pdf("x.pdf", b"<html>"),
        )
    assert set(refused.value.message_dict) == {"parties", "article9", "review_on", "ends_on"}
    assert not Agreement.objects.exists()


def test_a_chosen_file_must_be_selected_again_when_the_page_comes_back(signed_in, world):
    response = signed_in("manager_a").post(NEW, terms(world, **date("ends_on", dt.date(2026, 1, 1))))
    assert response.status_code == 400
    page = response.content.decode()
    again = "Select the file again: a browser cannot keep signed agreement.pdf when the page is shown again"
    assert response.context["form"].errors["document"] == [again]
    assert f'href="#id_document">{again}</a>' in page  # in the summary, and by the field
    assert f'<p id="id_document-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {again}' in page
    # With no file chosen, nothing to say.
    response = signed_in("manager_a").post(NEW, terms(world, document=None, **date("ends_on", dt.date(2026, 1, 1))))
    assert "Select the file again" not in response.content.decode()


def test_a_signatory_row_is_whole_and_signs_for_a_party(signed_in, world):
    response = signed_in("manager_a").post(NEW, terms(world, signatory_2_name="Someone", signatory_3_agency=world.csc_b.pk,
                                                      signatory_3_name="Jo Bloggs", signatory_3_role="Director",
                                                      **date("signatory_3_signed_on", dt.date(2026, 3, 1))))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["signatory_2_agency"] == ["Select the agency this person signed for"]
    assert errors["signatory_2_role"] == ["Enter the role of the person who signed"]
    assert errors["signatory_2_signed_on"] == ["Enter the date signed"]
    assert errors["signatory_3_agency"] == ["Southshire Children's Services is not one of the parties selected above"]
    assert not Agreement.objects.exists()
    # Rows after the second are folded away, unless something is in them.
    assert response.context["form"].more_signatories_open
    assert 'class="govuk-details" open' in response.content.decode()
    empty = signed_in("manager_a").get(NEW)
    assert not empty.context["form"].more_signatories_open and "More people who signed" in empty.content.decode()


# --- Who sees what ----------------------------------------------------------------------


def test_the_services_staff_see_agreements_read_only(signed_in, world):
    agreement = world.agreement_a()
    for persona in ("hub_worker_a", "worker_a"):
        client = signed_in(persona)
        page = client.get(LIST).content.decode()
        assert "Northshire exploitation protocol" in page and "Add an agreement" not in page
        detail = client.get(detail_url(agreement))
        assert detail.status_code == 200 and "Make a new version" not in detail.content.decode()
        assert client.get(reverse("sharing:agreement_revise", kwargs={"ref": agreement.uuid})).status_code == 403
        assert client.get(NEW).status_code == 403
    page = signed_in("manager_a").get(detail_url(agreement)).content.decode()
    assert "Make a new version" in page


def test_a_partner_sees_only_their_agencys_agreements(signed_in, world):
    agreement = world.agreement_a()
    actions.create_agreement(
        actor=world.outsider, service=world.service_b, parties=[world.csc_b],
        fields={"title": "Southshire protocol", "purpose": "P", "article6": "public_task", "article9": "",
                "categories": ["identity"], "starts_on": START, "review_on": START},
    )
    partner = signed_in("partner_a")
    page = partner.get(LIST).content.decode()
    assert "Northshire exploitation protocol" in page and "Southshire protocol" not in page
    assert "Add an agreement" not in page
    assert partner.get(detail_url(agreement)).status_code == 200
    assert partner.get(document_url(agreement)).status_code == 200
    assert partner.get(reverse("sharing:agreement_revise", kwargs={"ref": agreement.uuid})).status_code == 403


def test_a_partner_of_another_agency_gets_404_on_the_agreement_and_its_document(signed_in, world):
    agreement = world.agreement_a()
    other = partner_of_csc_b(world)
    response = other.get(LIST)
    assert response.status_code == 200 and response.wsgi_request.user.email.startswith("partner_b")
    assert "Northshire exploitation protocol" not in response.content.decode()
    for url in (detail_url(agreement), document_url(agreement),
                reverse("sharing:agreement_revise", kwargs={"ref": agreement.uuid})):
        assert other.get(url).status_code == 404, url
    assert other.post(reverse("sharing:agreement_revise", kwargs={"ref": agreement.uuid}), {}).status_code == 404
    denied = AuditEvent.objects.filter(action="audit.access.denied", subject_kind="sharing.agreement",
                                       subject_ref=str(agreement.uuid), actor__email__startswith="partner_b")
    assert denied.count() == 4


def test_once_the_agency_is_no_longer_a_party_its_partners_lose_the_agreement(signed_in, world):
    agreement = world.agreement_a()
    partner = signed_in("partner_a")
    assert partner.get(detail_url(agreement)).status_code == 200
    other = Agency.objects.create(name="Northshire Health", agency_type=AgencyType.HEALTH_OTHER)
    version = agreement.current
    actions.revise_agreement(
        actor=world.manager_a, agreement=agreement, parties=[other], change_note="The police left.",
        fields={"title": version.title, "purpose": version.purpose, "article6": version.article6,
                "article9": version.article9, "categories": version.categories, "starts_on": version.starts_on,
                "review_on": version.review_on},
    )
    assert partner.get(detail_url(agreement)).status_code == 404
    assert partner.get(document_url(agreement, 1)).status_code == 404


def test_people_outside_get_404(signed_in, world):
    agreement = world.agreement_a()
    for persona in ("outsider", "programme_lead", "evaluator", "exchange_lead"):
        client = signed_in(persona)
        assert client.get(detail_url(agreement)).status_code == 404, persona
        assert client.get(document_url(agreement)).status_code == 404, persona
    for persona in ("programme_lead", "evaluator", "exchange_lead"):
        assert signed_in(persona).get(LIST).status_code == 404, persona


# --- The document ---------------------------------------------------------------------------


def test_the_document_is_served_as_an_attachment_and_each_download_audited(signed_in, world):
    agreement = world.agreement_a()
    worker = signed_in("worker_a")
    response = worker.get(document_url(agreement))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Northshire protocol (signed).pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    worker.get(document_url(agreement))
    downloads = AuditEvent.objects.filter(action="sharing.agreement.document_viewed", subject_ref=str(agreement.uuid),
                                          actor=world.worker_a)
    assert downloads.count() == 2 and downloads.first().detail == {"version": 1}


def test_a_version_without_a_document_or_a_number_that_does_not_exist_is_404(signed_in, world):
    agreement = world.agreement_a()
    manager = signed_in("manager_a")
    assert manager.get(document_url(agreement, 2)).status_code == 404
    version = agreement.current
    actions.revise_agreement(
        actor=world.manager_a, agreement=agreement, parties=[world.police_a], change_note="Reworded.",
        fields={"title": version.title, "purpose": "Reworded.", "article6": version.article6,
                "article9": version.article9, "categories": version.categories, "starts_on": version.starts_on,
                "review_on": version.review_on},
    )
    # Version 2 kept the signed document of version 1.
    assert manager.get(document_url(agreement, 2)).status_code == 200
    made = actions.create_agreement(
        actor=world.manager_a, service=world.service_a, parties=[world.police_a],
        fields={"title": "Unsigned", "purpose": "P", "article6": "public_task", "article9": "",
                "categories": ["identity"], "starts_on": START, "review_on": START},
    )
    assert manager.get(document_url(made, 1)).status_code == 404


def test_the_document_is_not_reachable_from_the_web_root(world, settings):
    version = world.agreement_a().current
    stored = Path(settings.HUBSPOKE_PRIVATE_MEDIA_ROOT).resolve()
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    with pytest.raises(ValueError):
        version.document.url  # noqa: B018 — private files have no address


def test_a_detail_look_is_audited(signed_in, world):
    agreement = world.agreement_a()
    response = signed_in("hub_worker_a").get(detail_url(agreement))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="sharing.agreement.viewed", subject_ref=str(agreement.uuid),
                                     actor=world.hub_worker_a).count() == 1


# --- The list -------------------------------------------------------------------------------


def _more_agreements(world, n=6):
    for i in range(n):
        agreement = actions.create_agreement(
            actor=world.manager_a, service=world.service_a if i % 2 else world.service_b,
            parties=[world.police_a, world.csc_b] if i % 3 else [world.police_a],
            fields={"title": f"Protocol {i}", "purpose": "P", "article6": "public_task", "article9": "safeguarding",
                    "categories": ["identity", "risk"], "starts_on": START, "review_on": START + dt.timedelta(days=i)},
            signatories=[{"agency": None, "name": "Manager A", "role": "Manager", "signed_on": START}],
            document=pdf(),
        )
        version = agreement.current
        actions.revise_agreement(
            actor=world.manager_a, agreement=agreement, parties=[world.police_a], change_note="Again.",
            fields={"title": version.title, "purpose": "P2", "article6": version.article6,
                    "article9": version.article9, "categories": version.categories,
                    "starts_on": version.starts_on, "review_on": version.review_on},
        )


@pytest.mark.parametrize("persona", ["manager_a", "worker_a", "partner_a", "admin"])
def test_the_list_costs_the_same_however_many_agreements(persona, signed_in, world):
    world.agreement_a()
    client = signed_in(persona)
    assert_flat_queries(lambda: client.get(LIST), lambda: _more_agreements(world))
    assert "Protocol 5" in client.get(LIST).content.decode()


def test_the_detail_costs_the_same_however_many_versions(signed_in, world):
    agreement = world.agreement_a()
    client = signed_in("manager_a")

    def more_versions():
        for i in range(4):
            version = agreement.current
            actions.revise_agreement(
                actor=world.manager_a, agreement=agreement, parties=[world.police_a, world.csc_b],
                change_note=f"Change {i}.", document=pdf(),
                fields={"title": version.title, "purpose": "P", "article6": version.article6,
                        "article9": version.article9, "categories": version.categories,
                        "starts_on": version.starts_on, "review_on": version.review_on},
                signatories=[{"agency": world.csc_b, "name": "Jo", "role": "Director", "signed_on": START}],
            )

    assert_flat_queries(lambda: client.get(detail_url(agreement)), more_versions)


def test_the_list_labels_each_cell_on_a_phone(signed_in, world):
    world.agreement_a()
    _more_agreements(world, 2)
    assert assert_cells_labelled(signed_in("admin").get(LIST)) == 3
    assert assert_cells_labelled(signed_in("manager_a").get(LIST)) == 2


def test_the_list_says_where_each_agreement_stands(signed_in, world):
    agreement = world.agreement_a()
    manager = signed_in("manager_a")
    assert "In force" in manager.get(LIST).content.decode()
    with time_machine.travel(_day_after_review(agreement), tick=False):
        manager = fresh_client(world.manager_a)
        page = manager.get(LIST).content.decode()
        assert "Due for review" in page and "In force" not in page
        assert "still covers sharing until it ends" in manager.get(detail_url(agreement)).content.decode()


# --- The manager's home page -----------------------------------------------------------------


def _due_count(client) -> int:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {item.label: item for item in response.context["to_do"]}["Information-sharing agreements due for review"]


def test_an_agreement_past_its_review_date_and_not_ended_shows_as_due(signed_in, world):
    manager = signed_in("manager_a")
    agreement = world.agreement_a()
    assert _due_count(manager).count == 0
    make = {"actor": world.manager_a, "service": world.service_a, "parties": [world.police_a]}
    base = {"purpose": "P", "article6": "public_task", "article9": "", "categories": ["identity"],
            "starts_on": START}
    actions.create_agreement(**make, fields={**base, "title": "Overdue", "review_on": START + dt.timedelta(days=30)})
    actions.create_agreement(**make, fields={**base, "title": "Ended", "review_on": START + dt.timedelta(days=30),
                                             "ends_on": START + dt.timedelta(days=60)})
    actions.create_agreement(**make, fields={**base, "title": "Due today", "review_on": today()})
    item = _due_count(manager)
    assert (item.count, item.urgent, item.url) == (1, True, LIST)
    # Another service's manager is not told of North Hub's.
    assert _due_count(signed_in("outsider")).count == 0
    # Reviewed: a new version with a later review date.
    overdue = Agreement.objects.get(current__title="Overdue")
    version = overdue.current
    actions.revise_agreement(actor=world.manager_a, agreement=overdue, parties=[world.police_a],
                             change_note="Reviewed: no change.",
                             fields={**base, "title": "Overdue", "review_on": today() + dt.timedelta(days=365)})
    assert version.pk != Agreement.objects.get(pk=overdue.pk).current_id
    assert _due_count(manager).count == 0
    # The world's agreement, once its review date has passed.
    with time_machine.travel(_day_after_review(agreement), tick=False):
        # Ten years on: the world's, "Due today" and the one reviewed for a year, none ended.
        assert _due_count(fresh_client(world.manager_a)).count == 3


def test_the_home_items_cost_the_same_however_many_are_due(signed_in, world):
    from hubspoke.network import scoping
    from hubspoke.sharing import home

    def fetch():
        world.manager_a.__dict__.pop("_hubspoke_scope", None)
        scope = scoping.scope_for(world.manager_a)
        items = home.items(world.manager_a, scope)

        class Answer:
            status_code = 200 if items else 500

        return Answer()

    # The scope, agreements due, requests waiting.
    assert assert_flat_queries(fetch, lambda: _more_agreements(world)) == 3
    assert home.items(world.worker_a, scoping.scope_for(world.worker_a)) == []


# --- Navigation -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, shown", [
    ("manager_a", True), ("hub_worker_a", True), ("worker_a", True), ("admin", True), ("outsider", True),
    ("partner_a", False), ("programme_lead", False), ("evaluator", False),
])
def test_information_sharing_is_in_the_header_for_staff_and_administrators(persona, shown, signed_in, world):
    response = signed_in(persona).get(reverse("home"))
    assert response.status_code == 200
    labels = {item["label"]: item["url"] for item in response.context["nav_items"]}
    assert ("Sharing" in labels) is shown
    if shown:
        assert labels["Sharing"] == LIST


def test_a_partner_finds_their_agreements_from_home(signed_in, world):
    page = signed_in("partner_a").get(reverse("home")).content.decode()
    assert f'href="{LIST}"' in page
