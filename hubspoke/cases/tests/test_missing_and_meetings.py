import datetime as dt

from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.cases.models import Meeting, MissingEpisode
from hubspoke.lib.dates import today


def dates(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_a_missing_episode_is_recorded_then_closed_with_its_details_restricted(signed_in, world):
    from hubspoke.referrals.models import Referral

    case = world.case_a()
    day = today() - dt.timedelta(days=2)
    Referral.objects.filter(case_link__case=case).update(received_at=case.opened_at - dt.timedelta(days=5))
    worker = signed_in("worker_a")
    response = worker.post(reverse("cases:missing", kwargs={"ref": case.uuid}), {
        **dates("started_on", day), "started_time": "21:00", "reported_to_police": "on",
        "police_reference": "NP-0001", "return_interview": "not_yet", "associates": "An older man called Dee."})
    assert response.status_code == 302
    episode = MissingEpisode.objects.get()
    page = worker.get(reverse("cases:missing", kwargs={"ref": case.uuid})).content.decode()
    assert "Still missing" in page and "NP-0001" in page and "Dee" not in page
    detail = reverse("cases:missing_episode", kwargs={"ref": case.uuid, "episode": episode.uuid})
    assert "An older man called Dee." in worker.get(detail).content.decode()
    assert AuditEvent.objects.filter(action="cases.missing.restricted_viewed").exists()
    response = worker.post(detail, {
        **dates("started_on", day), "started_time": "21:00", **dates("ended_on", day), "ended_time": "20:00",
        "reported_to_police": "on", "return_interview": "offered"})
    assert response.status_code == 400 and "on or after the date they went missing" in response.content.decode()
    response = worker.post(detail, {
        **dates("started_on", day), "started_time": "21:00", **dates("ended_on", day), "ended_time": "23:30",
        "reported_to_police": "on", "police_reference": "NP-0001", "return_interview": "done",
        "return_interview_by": "Police spoke worker", "associates": "An older man called Dee."})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.ended_at is not None and episode.return_interview == "done"
    events = worker.get(reverse("cases:chronology", kwargs={"ref": case.uuid})).content.decode()
    assert "Went missing" in events and "Came back" in events and "Dee" not in events


def test_a_colleague_who_is_not_allocated_cannot_read_or_change_missing_details(signed_in, world):
    from hubspoke.cases.actions import reallocate_case

    case = world.case_a()
    episode = world.missing_a()
    reallocate_case(actor=world.manager_a, case=case, worker=world.manager_a, reason="Cover")
    worker = signed_in("worker_a")  # still a worker at the spoke, no longer allocated
    detail = reverse("cases:missing_episode", kwargs={"ref": case.uuid, "episode": episode.uuid})
    assert worker.get(detail).status_code == 403
    assert worker.post(detail, {**dates("started_on", today()), "return_interview": "done"}).status_code == 403


def test_a_multi_agency_meeting_is_recorded(signed_in, world):
    case = world.case_a()
    worker = signed_in("worker_a")
    url = reverse("cases:meetings", kwargs={"ref": case.uuid})
    response = worker.post(url, {"kind": "exploitation_panel", **dates("held_on", today() + dt.timedelta(days=3)),
                                 "agencies_present": "Police, CSC", "decisions": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "Enter what was decided" in page and "Police, CSC" in page
    response = worker.post(url, {"kind": "exploitation_panel", **dates("held_on", today()),
                                 "agencies_present": "Police, CSC, school", "decisions": "Disruption plan for the flat."})
    assert response.status_code == 302
    assert Meeting.objects.get().kind == "exploitation_panel"
    assert "Disruption plan for the flat." in worker.get(url).content.decode()
    assert signed_in("outsider").post(url, {"kind": "strategy"}).status_code == 404
