"""Monitoring pages: a manager's exact return and its workflow by form; the programme's
controlled views; exports; flat query counts."""

import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hubspoke.conftest import QueryCounter
from hubspoke.lib import exports
from hubspoke.monitoring import actions, indicators
from hubspoke.monitoring.models import ReturnStatus
from hubspoke.monitoring.tests.test_api import NOT_ABOUT_YOUNG_PEOPLE


@pytest.fixture
def draft(world):
    actions.ensure_returns([world.service_a, world.service_b])
    return world.service_a.monitoring_returns.order_by("-period_start").first()


def test_manager_writes_the_narrative_and_submits(signed_in, world, draft):
    client = signed_in("manager_a")
    page = client.get(reverse("monitoring:returns"))
    assert page.status_code == 200 and reverse("monitoring:return", kwargs={"ref": draft.uuid}) in page.content.decode()
    url = reverse("monitoring:return", kwargs={"ref": draft.uuid})
    assert client.get(url).status_code == 200
    response = client.post(url, {"achievements": "=HYPERLINK(\"x\")", "challenges": "A vacancy."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.challenges == "A vacancy."
    # Submitting without the check: an error, nothing lost.
    response = client.post(reverse("monitoring:return_submit", kwargs={"ref": draft.uuid}), {})
    assert response.status_code == 400
    assert "Confirm you have checked the return" in response.content.decode()
    response = client.post(reverse("monitoring:return_submit", kwargs={"ref": draft.uuid}), {"checked": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.SUBMITTED and draft.version == 1
    # Reopening needs a reason.
    response = client.post(reverse("monitoring:return_reopen", kwargs={"ref": draft.uuid}), {"reason": ""})
    assert response.status_code == 400 and "Enter why the return needs to be reopened" in response.content.decode()
    response = client.post(reverse("monitoring:return_reopen", kwargs={"ref": draft.uuid}), {"reason": "Missed one."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.DRAFT
    assert client.get(reverse("monitoring:return_version", kwargs={"ref": draft.uuid, "number": 1})).status_code == 200
    assert client.get(reverse("monitoring:return_version", kwargs={"ref": draft.uuid, "number": 2})).status_code == 404


def test_manager_sees_exact_figures_and_what_the_evaluators_will_see(signed_in, world, draft):
    client = signed_in("manager_a")
    url = reverse("monitoring:return", kwargs={"ref": draft.uuid})
    exact = client.get(url)
    controlled = client.get(url + "?view=controlled")
    assert "passed disclosure control" not in exact.content.decode()
    assert "passed disclosure control" in controlled.content.decode()
    part = client.get(url + f"?part={world.spoke_a1.uuid}")
    assert part.status_code == 200 and part.context["part"] == str(world.spoke_a1.uuid)


class Contents(HTMLParser):
    """A page's element ids, the links in its contents (``<nav id="contents">``) and how many
    links lead back to them."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.back_links, self._inside = set(), [], 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "nav" and a.get("id") == "contents":
            self._inside = True
        elif tag == "a" and self._inside:
            self.links.append(a["href"])
        elif tag == "a" and a.get("href") == "#contents":
            self.back_links += 1

    def handle_endtag(self, tag):
        if tag == "nav":
            self._inside = False


def contents_of(response) -> Contents:
    parser = Contents()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_the_return_page_has_contents_linking_to_each_section(signed_in, world, draft, state):
    if state == "submitted":
        actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    response = signed_in("manager_a").get(reverse("monitoring:return", kwargs={"ref": draft.uuid}))
    assert response.status_code == 200 and response.context["draft"] == (state == "draft")
    # Every section the definitions name is on the page, in their order.
    assert [s.id for s in response.context["sections"]] == [sid for sid, _ in indicators.SECTIONS]
    page = contents_of(response)
    forms = ["#submit"] if state == "draft" else ["#reopen", "#versions"]
    assert page.links == ["#narrative", *(f"#section-{sid}" for sid, _ in indicators.SECTIONS), *forms]
    assert all(h[1:] in page.ids for h in page.links), "a contents link leads nowhere"
    assert "contents" in page.ids and page.back_links == len(indicators.SECTIONS)


def test_the_evaluators_return_page_has_the_same_contents(signed_in, world, draft):
    actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    response = signed_in("evaluator").get(reverse("monitoring:submitted_return", kwargs={"ref": draft.uuid}))
    assert response.status_code == 200
    page = contents_of(response)
    assert page.links == ["#narrative", *(f"#section-{sid}" for sid, _ in indicators.SECTIONS)]
    assert all(h[1:] in page.ids for h in page.links) and page.back_links == len(indicators.SECTIONS)


def test_a_version_and_the_programme_return_have_contents_too(signed_in, world, draft):
    actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    sections = [f"#section-{sid}" for sid, _ in indicators.SECTIONS]
    version = signed_in("manager_a").get(reverse("monitoring:return_version", kwargs={"ref": draft.uuid, "number": 1}))
    programme = signed_in("programme_lead").get(
        reverse("monitoring:programme_return") + f"?period={draft.period_start.isoformat()}"
    )
    for response in (version, programme):
        assert response.status_code == 200
        page = contents_of(response)
        assert page.links == sections and all(h[1:] in page.ids for h in page.links)
        assert "contents" in page.ids and page.back_links == len(sections)


def test_evaluator_sees_submitted_returns_only_controlled(signed_in, world, draft):
    client = signed_in("evaluator")
    assert client.get(reverse("monitoring:submitted_return", kwargs={"ref": draft.uuid})).status_code == 404
    actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    page = client.get(reverse("monitoring:submitted_return", kwargs={"ref": draft.uuid}))
    assert page.status_code == 200
    assert "passed disclosure control" in page.content.decode()
    for section in page.context["sections"]:
        for table in section.tables:
            assert table.controlled or table.id.startswith("staff") or table.id in NOT_ABOUT_YOUNG_PEOPLE, table.id
    tracker = client.get(reverse("monitoring:completeness") + f"?period={draft.period_start.isoformat()}")
    assert tracker.status_code == 200
    states = {row.service.name: row.state for row in tracker.context["rows"]}
    assert states["North Hub"] in ("on_time", "late") and states["South Hub"] in ("due", "overdue")


def test_exports_are_controlled_and_formula_safe(signed_in, world, draft):
    actions.update_narrative(actor=world.manager_a, monitoring_return=draft, achievements='=HYPERLINK("http://x")')
    actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    client = signed_in("evaluator")
    url = reverse("monitoring:submitted_return", kwargs={"ref": draft.uuid})
    response = client.get(url + "?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"] == exports.XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["About", "Whole service"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Achievements"] == '\'=HYPERLINK("http://x")'
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    csv = client.get(url + "?format=csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines()[0] == "Section,Table,Row,Column,Value"
    assert exports.safe("-1+1") == "'-1+1" and exports.safe("@SUM(A1)") == "'@SUM(A1)" and exports.safe(5) == 5


def test_programme_pages(signed_in, world, draft):
    actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    client = signed_in("programme_lead")
    period = f"?period={draft.period_start.isoformat()}"
    for by in ("service", "phase", "region", "model"):
        page = client.get(reverse("monitoring:programme") + period + f"&by={by}")
        assert page.status_code == 200, by
        assert page.context["breakdown"]["rows"], by
    assert client.get(reverse("monitoring:programme_return") + period).status_code == 200
    book = client.get(reverse("monitoring:programme_return") + period + "&format=xlsx")
    assert book.status_code == 200 and book["Content-Type"] == exports.XLSX
    assert client.get(reverse("monitoring:what_works")).status_code == 200
    book = load_workbook(io.BytesIO(client.get(reverse("monitoring:programme") + period + "&format=xlsx").content))
    assert book.sheetnames == ["By service", "By quarter"]
    rows = list(book["By service"].iter_rows(values_only=True))
    assert rows[0][0] == "Service" and rows[-1][0] == "Programme" and "North Hub" in [r[0] for r in rows]
    csv = client.get(reverse("monitoring:programme") + period + "&by=region&format=csv")
    assert csv.content.decode().splitlines()[0].startswith("Region,Referrals")


def test_programme_lead_opens_a_survey_and_a_manager_confirms_it(signed_in, world):
    lead = signed_in("programme_lead")
    bad = lead.post(reverse("monitoring:surveys"), {"as_of_day": "1", "as_of_month": "12", "as_of_year": "2026",
                                                    "due_on_day": "1", "due_on_month": "11", "due_on_year": "2026"})
    assert bad.status_code == 400 and "on or after" in bad.content.decode()
    ok = lead.post(reverse("monitoring:surveys"), {"as_of_day": "1", "as_of_month": "12", "as_of_year": "2026",
                                                   "due_on_day": "31", "due_on_month": "12", "due_on_year": "2026"})
    assert ok.status_code == 302
    evaluator = signed_in("evaluator")
    assert evaluator.post(reverse("monitoring:surveys"), {}).status_code == 403
    survey = world.programme.surveys.get()
    response = survey.responses.get(service=world.service_a)
    manager = signed_in("manager_a")
    url = reverse("monitoring:survey_response", kwargs={"ref": response.uuid})
    page = manager.get(url)
    assert page.status_code == 200
    formset = page.context["formset"]
    data = {"post-TOTAL_FORMS": "3", "post-INITIAL_FORMS": "2", "post-MIN_NUM_FORMS": "0", "post-MAX_NUM_FORMS": "200"}
    for i, form in enumerate(formset.forms[:2]):
        for name, value in form.initial.items():
            data[f"post-{i}-{name}"] = str(value)
    funder = str(world.programme.funders.get().uuid)
    data.update({"post-2-title": "Hub worker", "post-2-fte": "1.5", "post-2-place": "hub", "post-2-funder": funder,
                 "post-2-filled": "vacant"})
    bad = manager.post(url, {**data, "confirm": "1"})
    assert bad.status_code == 400 and "The FTE must be 1 or less" in bad.content.decode()
    assert 'value="Hub worker"' in bad.content.decode()  # what was typed is kept
    more = manager.post(url, {**data, "add": "1"})
    assert more.status_code == 200 and len(more.context["formset"].forms) == 4
    data["post-2-fte"] = "0.6"
    done = manager.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302
    response.refresh_from_db()
    assert response.confirmed_at is not None and response.posts.count() == 3
    assert manager.post(url, {**data, "confirm": "1"}).status_code == 403


def test_pages_keep_a_flat_number_of_queries(signed_in, world, draft):
    """The returns list and the tracker cost the same with 2 services as with 12, and the
    dashboard the same with 1 submitted return as with 12."""
    from hubspoke.network import actions as network

    client = signed_in("programme_lead")
    url = reverse("monitoring:completeness") + f"?period={draft.period_start.isoformat()}"
    dashboard = reverse("monitoring:programme") + f"?period={draft.period_start.isoformat()}"
    actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    counts = []
    for _ in range(2):
        with QueryCounter() as q1:
            assert client.get(url).status_code == 200
        with QueryCounter() as q2:
            assert client.get(dashboard).status_code == 200
        counts.append((q1.count, q2.count))
        for n in range(10):
            service = network.add_service(actor=world.admin, programme=world.programme, phase=world.service_a.phase,
                                          name=f"Extra Hub {len(counts)}-{n}", organisation="Extra",
                                          region=world.service_a.region)
            actions.ensure_returns([service])
            extra = service.monitoring_returns.get(period_start=draft.period_start)
            actions.submit_return(actor=world.manager_a, monitoring_return=extra)
    assert counts[0] == counts[1], counts


def test_percentages_come_from_shown_figures_and_hide_on_small_totals():
    from hubspoke.lib.disclosure import Rule
    from hubspoke.monitoring import indicators, report

    tdef = next(t for t in indicators.TABLES if t.id == "referrals_by_pathway")
    cells = {"police": {"count": 30}, "self": {"count": 3}, "education": {"count": 12}}
    shown = report.table(tdef, cells, Rule())
    by_key = {row.key: row for row in shown.rows}
    assert (by_key["police"].cells, by_key["police"].percent) == ([30], 67)  # 30 of 45 shown
    assert by_key["self"].percent == "c" and by_key["self"].cells == ["c"]
    small = report.table(tdef, {"police": {"count": 5}}, Rule())
    assert all(row.percent in ("c", None) or row.cells == [0] for row in small.rows)
    exact = report.table(tdef, cells, None)
    assert {row.key: row.percent for row in exact.rows}["self"] == 7


def test_a_managers_draft_return_costs_the_same_queries_however_much_is_recorded(signed_in, world, draft):
    """The draft is computed live: its page must not grow with the quarter's records."""
    import uuid

    from hubspoke.cases.actions import record_contact
    from hubspoke.conftest import referral_details
    from hubspoke.referrals.actions import submit_partner_referral
    from hubspoke.referrals.models import Referral

    client = signed_in("manager_a")
    url = reverse("monitoring:return", kwargs={"ref": draft.uuid})
    in_quarter = timezone.make_aware(dt.datetime.combine(draft.period_start + dt.timedelta(days=10), dt.time(11)))

    def grow():
        case = world.case_a()
        for n in range(8):
            referral = submit_partner_referral(
                actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
                details=referral_details(subject_first_name=f"Extra{n}"))
            Referral.objects.filter(pk=referral.pk).update(received_at=in_quarter)
            contact = record_contact(actor=world.worker_a, case=case, fields={
                "occurred_at": timezone.now(), "method": "phone", "location": "", "outcome": "attended",
                "present": ["young_person"], "notes": "Checked in.", "restricted": False})
            type(contact).objects.filter(pk=contact.pk).update(occurred_at=in_quarter)

    def referrals(response):
        table = next(t for sec in response.context["sections"] for t in sec.tables if t.id == "referrals_by_pathway")
        return table.column_totals[0]

    with QueryCounter() as before:
        first = client.get(url)
    assert first.status_code == 200
    grow()
    with QueryCounter() as after:
        page = client.get(url)
    assert page.status_code == 200 and referrals(page) == referrals(first) + 8
    assert before.count == after.count, (before.count, after.count)


def test_the_dashboard_reads_headlines_kept_at_submission(signed_in, world, draft):
    """Submission keeps each headline's exact value; the dashboard sums those (and works them
    out from the figures for a version that has none)."""
    from hubspoke.monitoring import dashboard, queries
    from hubspoke.monitoring.models import ReturnVersion

    version = actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    figures = version.figures
    assert version.headlines == dashboard.headline_values(figures)
    assert set(version.headlines["parts"]) == set(figures["parts"])
    [read] = queries.submitted_headlines([world.programme.pk], [draft.period_start])
    assert read.headlines == version.headlines
    ReturnVersion.objects.filter(pk=version.pk).update(headlines={})
    [again] = queries.submitted_headlines([world.programme.pk], [draft.period_start])
    assert again.headlines == version.headlines
    assert version.total == figures["total"]
    [total] = queries.submitted_versions([world.programme.pk], [draft.period_start], totals_only=True)
    assert total.figures == {"total": figures["total"]}
    ReturnVersion.objects.filter(pk=version.pk).update(total={})
    [total] = queries.submitted_versions([world.programme.pk], [draft.period_start], totals_only=True)
    assert total.figures == {"total": figures["total"]}
    client = signed_in("programme_lead")
    page = client.get(reverse("monitoring:programme") + f"?period={draft.period_start.isoformat()}&by=model")
    assert page.status_code == 200
    labels = [label for label, _ in page.context["breakdown"]["rows"]]
    assert "Hub (work held at the hub)" in labels and any(label.startswith("Model 1") for label in labels)


def test_the_survey_page_costs_the_same_queries_for_more_services(signed_in, world):
    from hubspoke.network import actions as network
    from hubspoke.network.models import Post, PostLocation

    client = signed_in("programme_lead")
    counts = []
    for round_ in range(2):
        survey = actions.open_survey(actor=world.programme_lead, programme=world.programme,
                                     as_of=dt.date(2026, 10, round_ + 1), due_on=dt.date(2026, 11, 30))
        with QueryCounter() as q:
            assert client.get(reverse("monitoring:survey", kwargs={"ref": survey.uuid})).status_code == 200
        counts.append(q.count)
        for n in range(5):
            service = network.add_service(actor=world.admin, programme=world.programme, phase=world.service_a.phase,
                                          name=f"Survey Hub {round_}-{n}", organisation="Extra",
                                          region=world.service_a.region)
            Post.objects.create(service=service, title="Hub worker", fte=1, location=PostLocation.HUB,
                                funder=world.programme.funders.get())
    assert counts[0] == counts[1], counts


def test_a_blank_row_in_the_survey_posts_is_ignored(signed_in, world):
    survey = actions.open_survey(actor=world.programme_lead, programme=world.programme,
                                            as_of=dt.date(2026, 12, 1), due_on=dt.date(2026, 12, 31))
    response = survey.responses.get(service=world.service_a)
    manager = signed_in("manager_a")
    url = reverse("monitoring:survey_response", kwargs={"ref": response.uuid})
    page = manager.get(url)
    assert page.status_code == 200
    formset = page.context["formset"]
    initial = len(formset.forms) - 1  # the prefilled posts, then one blank row
    assert initial >= 1
    data = {"post-TOTAL_FORMS": str(initial + 1), "post-INITIAL_FORMS": str(initial), "post-MIN_NUM_FORMS": "0",
            "post-MAX_NUM_FORMS": "200"}
    for i, form in enumerate(formset.forms[:initial]):
        for name, value in form.initial.items():
            data[f"post-{i}-{name}"] = str(value)
    # What a browser sends for the untouched blank row: the place list's first choice, the
    # funder list's "Select a funder", and nothing else.
    data.update({f"post-{initial}-place": "hub", f"post-{initial}-funder": ""})
    done = manager.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302, done.context["errors"]
    response.refresh_from_db()
    assert response.confirmed_at is not None and response.posts.count() == initial


def test_an_empty_form_to_open_a_survey_says_what_is_missing(signed_in, world):
    response = signed_in("programme_lead").post(reverse("monitoring:surveys"), {})
    page = response.content.decode()
    assert response.status_code == 400 and "Enter the date posts are counted as at" in page
    assert not world.programme.surveys.exists()


def test_a_survey_opened_with_dates_of_only_spaces_is_asked_for_them(signed_in, world):
    response = signed_in("programme_lead").post(reverse("monitoring:surveys"), {
        f"{name}_{part}": " " for name in ("as_of", "due_on") for part in ("day", "month", "year")})
    page = response.content.decode()
    assert response.status_code == 400 and "Enter the date posts are counted as at" in page
    assert not world.programme.surveys.exists()


def test_adding_a_post_with_a_count_that_is_not_a_number_is_refused_not_a_server_error(signed_in, world):
    survey_response = world.survey_a().responses.get(service=world.service_a)
    url = reverse("monitoring:survey_response", kwargs={"ref": survey_response.uuid})
    posts = list(survey_response.posts.values_list("pk", "title"))
    response = signed_in("manager_a").post(url, {"post-TOTAL_FORMS": "x", "post-INITIAL_FORMS": "0", "add": "1"})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    survey_response.refresh_from_db()
    assert survey_response.confirmed_at is None and list(survey_response.posts.values_list("pk", "title")) == posts
