"""Participation activities, consent to use young people's words or images, quotes, and the
quarterly participation report: recording, who may see and do what, identifiers kept out of what
leaves the service, withdrawal, disclosure control, downloads and flat query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import TINY_PDF, assert_flat_queries, referral_details
from hubspoke.lib import periods
from hubspoke.lib.dates import today
from hubspoke.participation import activities
from hubspoke.participation.models import Participant, Quote
from hubspoke.participation.report import participation_report

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"participation:{name}", kwargs=kwargs)


def this_quarter(world):
    return periods.quarter_of(today(), world.programme.year_start_month)


def more_cases(world, n: int, *, start: int = 0) -> list:
    """``n`` more cases at North Hub, led by worker A."""
    from hubspoke.cases.actions import allocate_referral
    from hubspoke.referrals.actions import accept_referral, submit_partner_referral

    made = []
    for i in range(start, start + n):
        import uuid

        referral = submit_partner_referral(
            actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
            details=referral_details(subject_first_name=f"Alex{chr(65 + i % 26)}{chr(65 + i // 26)}",
                                     subject_last_name="Sample", subject_gender="boy" if i % 2 else "girl"))
        accept_referral(actor=world.manager_a, referral=referral, spoke=world.spoke_a1)
        referral.refresh_from_db()
        made.append(allocate_referral(actor=world.manager_a, referral=referral, worker=world.worker_a))
    return made


# --- Activities ------------------------------------------------------------------------------


def test_a_worker_records_an_activity_and_a_day_to_come_is_refused_with_what_was_typed_kept(signed_in, world):
    client = signed_in("worker_a")
    later = today() + dt.timedelta(days=3)
    bad = client.post(url("activity_new"), {
        "kind": "consultation", "title": "Leaflet consultation", "held_on_day": later.day,
        "held_on_month": later.month, "held_on_year": later.year})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "the day must be today or in the past" in page and 'value="Leaflet consultation"' in page
    response = client.post(url("activity_new"), {
        "kind": "consultation", "title": "Leaflet consultation", "held_on_day": today().day,
        "held_on_month": today().month, "held_on_year": today().year, "accreditation": ""})
    assert response.status_code == 302
    activity = world.service_a.participation_activities.get()
    assert (activity.kind, activity.title, activity.created_by) == ("consultation", "Leaflet consultation",
                                                                   world.worker_a)
    assert AuditEvent.objects.filter(action="participation.activity.created", subject_ref=str(activity.uuid)).exists()
    listing = client.get(url("activities")).content.decode()
    assert "Leaflet consultation" in listing


def test_activities_are_the_services_own(signed_in, world):
    activity = world.activity_a()
    for persona in ("outsider", "programme_lead", "evaluator", "partner_a"):
        assert signed_in(persona).get(url("activity", ref=activity.uuid)).status_code == 404, persona
    # A hub worker sees the activity; the young person who took part, whose case they do not see, is
    # counted, not named.
    page = signed_in("hub_worker_a").get(url("activity", ref=activity.uuid))
    assert page.status_code == 200
    assert "And 1 other young person" in page.content.decode() and "Casey" not in page.content.decode()
    assert "Casey" in signed_in("worker_a").get(url("activity", ref=activity.uuid)).content.decode()
    with pytest.raises(PermissionDenied):
        activities.create_activity(actor=world.outsider, service=world.service_a, kind="group_work", title="x",
                                   held_on=today(), summary="", accreditation="")


def test_nobody_takes_part_without_agreeing_and_only_the_services_young_people_can(signed_in, world):
    activity = world.activity_a()
    other = more_cases(world, 1)[0]
    client = signed_in("worker_a")
    refused = client.post(url("participant_add", ref=activity.uuid), {"case": str(other.uuid), "paid": "lots"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "nobody is recorded as taking part without it" in page
    assert not Participant.objects.filter(case=other).exists()
    assert client.post(url("participant_add", ref=activity.uuid), {
        "case": str(other.uuid), "consent": "with_parent", "paid": "£5"}).status_code == 302
    joined = Participant.objects.get(case=other)
    assert (joined.consent, joined.paid_pence, joined.accredited) == ("with_parent", 500, False)
    assert AuditEvent.objects.filter(action="participation.activity.joined", subject_ref=str(other.uuid)).exists()
    # A young person of another service is not in the list, and cannot be added by the action either.
    from hubspoke.cases.models import Case

    with pytest.raises(PermissionDenied):
        activities.save_participant(actor=world.worker_a, activity=activity,
                                    case=Case(pk=other.pk, service=world.service_b), consent="themselves")
    # Taken off only by the button itself.
    client.post(url("participant_remove", ref=activity.uuid, case_ref=other.uuid))
    assert Participant.objects.filter(case=other).exists()
    assert client.post(url("participant_remove", ref=activity.uuid, case_ref=other.uuid),
                       {"remove": "yes"}).status_code == 302
    assert not Participant.objects.filter(case=other).exists()


def test_an_award_gained_later_is_recorded_on_the_young_persons_taking_part(signed_in, world):
    activity = world.activity_a()
    page = url("participant_change", ref=activity.uuid, case_ref=world.case_a().uuid)
    assert 'value="12.50"' in signed_in("worker_a").get(page).content.decode()
    bad = signed_in("worker_a").post(page, {"consent": "themselves", "accredited": "on", "paid": "12.505"})
    assert bad.status_code == 400 and 'value="12.505"' in bad.content.decode()
    assert signed_in("worker_a").post(page, {"consent": "with_parent", "paid": ""}).status_code == 302
    joined = Participant.objects.get(activity=activity, case=world.case_a())
    assert (joined.consent, joined.accredited, joined.paid_pence) == ("with_parent", False, 0)
    assert AuditEvent.objects.filter(action="participation.activity.participant_updated").exists()
    assert signed_in("hub_worker_a").get(page).status_code == 404


def test_paid_is_read_as_pounds_and_pence():
    assert [activities._pence(v) for v in ("", "12", "12.5", "£12.50", "1,000")] == [0, 1200, 1250, 1250, 100000]
    for bad in ("12.505", "ten", "-3", "1,000.01"):
        with pytest.raises(ValidationError):
            activities._pence(bad)


def test_an_output_is_kept_as_a_file_served_only_to_the_service_or_as_a_link(signed_in, world):
    output = world.output_a()
    activity = world.activity_a()
    assert (output.file_name, output.file_type) == ("leaflet.pdf", "application/pdf")
    download = signed_in("hub_worker_a").get(url("output_file", ref=activity.uuid, output_ref=output.uuid))
    assert download.status_code == 200 and b"".join(download.streaming_content) == TINY_PDF
    assert download["X-Content-Type-Options"] == "nosniff" and "attachment" in download["Content-Disposition"]
    assert signed_in("outsider").get(url("output_file", ref=activity.uuid, output_ref=output.uuid)).status_code == 404
    # A program is not a leaflet, whatever it is called.
    refused = signed_in("worker_a").post(url("output_add", ref=activity.uuid), {
        "kind": "leaflet", "title": "Poster", "file": SimpleUploadedFile("poster.pdf", b"MZ\x90\x00 not a pdf")})
    assert refused.status_code == 400 and "The selected file must be a PDF" in refused.content.decode()
    assert signed_in("worker_a").post(url("output_add", ref=activity.uuid), {
        "kind": "film", "title": "Our film", "link": "https://video.example.org/our-film"}).status_code == 302
    assert activity.outputs.count() == 2


def test_what_leaves_the_service_in_the_report_cannot_name_a_young_person(world):
    activity = world.activity_a()
    with pytest.raises(ValidationError) as found:
        activities.add_output(actor=world.worker_a, activity=activity, kind="leaflet", title="Casey's leaflet")
    assert "Remove what could identify a young person" in str(found.value)
    with pytest.raises(ValidationError):
        activities.update_activity(actor=world.worker_a, activity=activity, kind="group_work", title="Group",
                                   held_on=activity.held_on, summary="", accreditation="Award for Casey Example")
    with pytest.raises(ValidationError):
        activities.add_quote(actor=world.worker_a, case=world.case_a(), consent=world.use_consent_a(), kind="quote",
                             text="Casey said the group helped.", said_on=today())


# --- Consent and quotes ----------------------------------------------------------------------


def test_a_quote_needs_a_standing_consent_for_their_words(world):
    case = world.case_a()
    image_only = activities.record_consent(actor=world.worker_a, case=case, words=False, image=True,
                                           scope="public", given_on=today())
    with pytest.raises(ValidationError) as found:
        activities.add_quote(actor=world.worker_a, case=case, consent=image_only, kind="quote", text="Good.",
                             said_on=today())
    assert "image only" in str(found.value)
    with pytest.raises(ValidationError):
        activities.record_consent(actor=world.worker_a, case=case, words=False, image=False, scope="public",
                                  given_on=today())
    consent = world.use_consent_a()
    activities.withdraw_consent(actor=world.worker_a, case=case, consent=consent)
    consent.refresh_from_db()
    with pytest.raises(ValidationError) as found:
        activities.add_quote(actor=world.worker_a, case=case, consent=consent, kind="quote", text="Good.",
                             said_on=today())
    assert "withdrawn or has ended" in str(found.value)


def test_withdrawing_consent_takes_the_quote_out_of_the_next_report(signed_in, world):
    quote = world.quote_a()
    quarter = this_quarter(world)
    before = participation_report(world.service_a, quarter, controlled=True)
    assert [q.pk for q in before.quotes] == [quote.pk]
    page = signed_in("programme_lead").get(url("report", ref=world.service_a.uuid), {"quarter": quarter.key})
    assert quote.text in page.content.decode()
    # A manager, who does not lead the case, may record the withdrawal too, at once.
    client = signed_in("manager_a")
    confirm = client.get(url("consent_withdraw", ref=world.case_a().uuid, consent_ref=quote.consent.uuid))
    assert confirm.status_code == 200 and "1 quote" in confirm.content.decode()
    assert client.post(url("consent_withdraw", ref=world.case_a().uuid, consent_ref=quote.consent.uuid),
                       {"withdraw": "yes"}).status_code == 302
    after = participation_report(world.service_a, quarter, controlled=True)
    assert after.quotes == []
    page = signed_in("programme_lead").get(url("report", ref=world.service_a.uuid), {"quarter": quarter.key})
    assert quote.text not in page.content.decode()
    sheet = signed_in("manager_a").get(url("report_xlsx", ref=world.service_a.uuid), {"quarter": quarter.key})
    book = load_workbook(io.BytesIO(sheet.content))
    assert all(quote.text not in str(cell.value) for row in book["What they said"].iter_rows() for cell in row)
    # The quote is still on the young person's record, marked as not used.
    assert Quote.objects.filter(pk=quote.pk).exists()
    assert "Not used: the consent for it has been withdrawn" in signed_in("worker_a").get(
        url("taking_part", ref=world.case_a().uuid)).content.decode()


def test_a_quote_agreed_only_within_the_service_or_past_its_end_is_not_in_the_report(world):
    case = world.case_a()
    within = activities.record_consent(actor=world.worker_a, case=case, words=True, image=False, scope="service",
                                       given_on=today())
    activities.add_quote(actor=world.worker_a, case=case, consent=within, kind="quote", text="Only for us.",
                         said_on=today())
    ending = activities.record_consent(actor=world.worker_a, case=case, words=True, image=False, scope="public",
                                       given_on=today() - dt.timedelta(days=2), expires_on=today())
    activities.add_quote(actor=world.worker_a, case=case, consent=ending, kind="quote", text="Until today.",
                         said_on=today())
    quarter = this_quarter(world)
    assert [q.text for q in participation_report(world.service_a, quarter, controlled=True).quotes] == [
        "Until today."]
    later = participation_report(world.service_a, quarter, controlled=True, on=today() + dt.timedelta(days=1))
    assert later.quotes == []


def test_consent_is_recorded_by_those_who_record_on_the_case_and_withdrawn_by_any_of_its_staff(signed_in, world):
    case = world.case_a()
    assert signed_in("hub_worker_a").get(url("consent_new", ref=case.uuid)).status_code == 404
    assert signed_in("outsider").get(url("taking_part", ref=case.uuid)).status_code == 404
    response = signed_in("worker_a").post(url("consent_new", ref=case.uuid), {
        "covers": ["words", "image"], "scope": "public", "given_on_day": today().day,
        "given_on_month": today().month, "given_on_year": today().year})
    assert response.status_code == 302
    consent = case.use_consents.get()
    assert (consent.words, consent.image, consent.scope, consent.recorded_by) == (True, True, "public",
                                                                                  world.worker_a)
    # Closed, the case takes no new consent, but a withdrawal still goes through.
    from hubspoke.cases import actions as case_actions

    case_actions.close_case(actor=world.manager_a, case=case, reason="moved", summary="Moved away.",
                            engagement="mostly", outcomes_achieved="some", statutory_agency_told="Northshire CSC",
                            statutory_told_on=today())
    assert signed_in("worker_a").get(url("consent_new", ref=case.uuid)).status_code == 403
    assert signed_in("manager_a").post(url("consent_withdraw", ref=case.uuid, consent_ref=consent.uuid),
                                       {"withdraw": "yes"}).status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawn_by) == (today(), world.manager_a)
    assert AuditEvent.objects.filter(action="participation.consent.withdrawn", subject_ref=str(case.uuid)).exists()


# --- The quarterly report --------------------------------------------------------------------


def test_the_report_is_exact_for_the_service_and_controlled_for_the_programme_and_downloads(signed_in, world):
    activity = world.activity_a()
    for case in more_cases(world, 9):
        activities.save_participant(actor=world.worker_a, activity=activity, case=case, consent="themselves")
    world.output_a()
    quarter = this_quarter(world)
    exact = participation_report(world.service_a, quarter, controlled=False)
    assert exact.young_people == 10 and exact.activities == 1
    assert exact.accredited == 1 and exact.paid_pence == 1250 and exact.paid_to == 1
    assert {line.label: line.n for line in exact.by_gender}["Boy or young man"] == 4
    assert {line.label: line.n for line in exact.reach}["Boys and young men"] == 4
    assert [o.title for o in exact.outputs] == ["Staying safe online"]
    controlled = participation_report(world.service_a, quarter, controlled=True)
    assert controlled.young_people == 10 and controlled.accredited == "c" and controlled.paid_to == "c"
    group = next(row for row in controlled.by_kind if row["label"] == "Group work")
    assert (group["activities"], group["young_people"]) == (1, 10)
    assert {line.label: line.n for line in controlled.by_gender}["Boy or young man"] == "c"

    own = signed_in("manager_a").get(url("report", ref=world.service_a.uuid))
    assert own.status_code == 200 and "exact figures" in own.content.decode()
    programme = signed_in("evaluator").get(url("report", ref=world.service_a.uuid)).content.decode()
    assert "exact figures" not in programme and "Casey" not in programme
    assert signed_in("outsider").get(url("report", ref=world.service_a.uuid)).status_code == 404
    assert signed_in("partner_a").get(url("reports")).status_code == 404
    sheet = signed_in("manager_a").get(url("report_xlsx", ref=world.service_a.uuid))
    figures = {row[0]: row[1] for row in load_workbook(io.BytesIO(sheet.content))["Figures"].iter_rows(
        min_row=2, values_only=True)}
    assert figures["Young people who gained accreditation"] == "c"
    assert AuditEvent.objects.filter(action="participation.report.downloaded").exists()


def test_the_report_counts_feedback_given_declined_and_overdue(world):
    from hubspoke.participation import actions

    case = world.case_a()
    actions.record_declined(actor=world.worker_a, case=case)
    report = participation_report(world.service_a, this_quarter(world), controlled=False)
    assert [(line.label, line.n) for line in report.feedback] == [("Feedback given", 0),
                                                                 ("Chose not to give feedback", 1)]
    assert report.feedback_total == 1 and report.overdue_at_end == 0


def test_the_report_pdf_is_made(signed_in, world):
    from hubspoke.lib import pdf

    if not pdf.available()[0]:
        pytest.skip("WeasyPrint cannot run here")
    world.quote_a()
    response = signed_in("programme_lead").get(url("report_pdf", ref=world.service_a.uuid))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# --- Flat queries ----------------------------------------------------------------------------


def test_the_activity_pages_the_case_page_and_the_report_keep_flat_query_counts(signed_in, world):
    activity = world.activity_a()
    world.quote_a()
    client = signed_in("worker_a")
    counter = iter(range(100))

    def grow():
        for case in more_cases(world, 3, start=next(counter) * 3):
            activities.save_participant(actor=world.worker_a, activity=activity, case=case, consent="themselves",
                                        accredited=True)
            consent = activities.record_consent(actor=world.worker_a, case=world.case_a(), words=True,
                                                image=False, scope="programme", given_on=today())
            activities.add_quote(actor=world.worker_a, case=world.case_a(), consent=consent, kind="quote",
                                 text="It helped.", said_on=today())
        activities.add_output(actor=world.worker_a, activity=activity, kind="artwork", title="A mural")
        activities.create_activity(actor=world.worker_a, service=world.service_a, kind="research", title="More",
                                   held_on=today(), summary="", accreditation="")

    for page in (url("activities"), url("activity", ref=activity.uuid), url("taking_part", ref=world.case_a().uuid),
                 url("report", ref=world.service_a.uuid)):
        assert_flat_queries(lambda page=page: client.get(page), grow)


def test_taking_part_consent_and_quotes_are_in_a_subject_access_bundle_and_the_chronology(signed_in, world):
    from hubspoke.participation import personal_data

    world.activity_a()
    quote = world.quote_a()
    parts = personal_data.gather(world.case_a().young_person)
    titles = [entry.title for part in parts for entry in part.entries]
    texts = [f.text for part in parts for entry in part.entries for f in entry.fields]
    assert any(t.startswith("Took part in “Friday group”") for t in titles)
    assert any(t.startswith("Consent to use their words") for t in titles)
    assert quote.text in texts and "£12.50" in texts
    chronology = signed_in("worker_a").get(reverse("cases:chronology", kwargs={"ref": world.case_a().uuid}))
    page = chronology.content.decode()
    assert "Took part: Friday group" in page and "Consent given to use their words" in page
