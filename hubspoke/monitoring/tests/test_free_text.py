"""Free text in a return leaves the service with it: a young person's name or date of birth in
the narrative, or in the reason a return is reopened, stops it until the manager takes it out.
The world's referral is about Jordan Testcase, born 17 May 2011."""

import pytest
from django.test import Client
from django.urls import reverse

from hubspoke.monitoring import actions
from hubspoke.monitoring.models import ReturnStatus, ReturnVersion
from hubspoke.referrals.identifiers import IdentifiersFound


@pytest.fixture
def draft(world):
    actions.ensure_returns([world.service_a])
    return world.service_a.monitoring_returns.order_by("-period_start").first()


def client_of(person):
    client = Client()
    client.force_login(person)
    return client


def test_a_name_in_the_data_quality_notes_stops_the_submission_and_the_manager_sees_what(world, draft):
    manager = client_of(world.manager_a)
    url = reverse("monitoring:return", kwargs={"ref": draft.uuid})
    response = manager.post(url, {"achievements": "Two school sessions.",
                                  "data_quality_notes": "Jordan's referral (DOB 17/05/2011) was logged late."})
    assert response.status_code == 302  # saving a draft is fine: it has not left the service
    page = manager.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "The narrative could identify a young person" in html
    assert "Data-quality notes: “Jordan&#x27;s” (a name), “17/05/2011” (a date of birth)" in html

    response = manager.post(reverse("monitoring:return_submit", kwargs={"ref": draft.uuid}), {"checked": "on"})
    assert response.status_code == 400
    narrative = response.context["narrative"]
    assert set(narrative.errors) == {"data_quality_notes"}
    assert "“Jordan&#x27;s” (a name)" in response.content.decode()
    # What the manager typed is still there to correct, in a form that saves to the return.
    assert f'<form method="post" action="{url}"' in response.content.decode()
    assert narrative["data_quality_notes"].value() == "Jordan's referral (DOB 17/05/2011) was logged late."
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.DRAFT and not ReturnVersion.objects.exists()

    manager.post(url, {"achievements": "Two school sessions.", "data_quality_notes": "One referral was logged late."})
    response = manager.post(reverse("monitoring:return_submit", kwargs={"ref": draft.uuid}), {"checked": "on"})
    assert response.status_code == 302
    assert ReturnVersion.objects.get().narrative["data_quality_notes"] == "One referral was logged late."


@pytest.mark.parametrize("field", actions.NARRATIVE_FIELDS)
def test_every_narrative_field_is_checked(world, draft, field):
    actions.update_narrative(actor=world.manager_a, monitoring_return=draft, **{field: "Worked with Testcase."})
    with pytest.raises(IdentifiersFound) as refused:
        actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    assert set(refused.value.found) == {field}


def test_the_reason_for_reopening_is_checked_too(world, draft):
    actions.submit_return(actor=world.manager_a, monitoring_return=draft)
    response = client_of(world.manager_a).post(reverse("monitoring:return_reopen", kwargs={"ref": draft.uuid}),
                                               {"reason": "Jordan Testcase was missed out."})
    assert response.status_code == 400
    assert "“Jordan Testcase” (a name)" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.SUBMITTED


def test_submitting_saves_the_narrative_as_typed_and_checks_it(world, draft):
    manager = client_of(world.manager_a)
    submit = reverse("monitoring:return_submit", kwargs={"ref": draft.uuid})
    page = manager.get(reverse("monitoring:return", kwargs={"ref": draft.uuid})).content.decode()
    assert 'form="narrative-form" formaction="' + submit + '"' in page  # the button sends the narrative too
    typed = {"achievements": "Two school sessions.", "challenges": "", "context": "",
             "data_quality_notes": "Jordan Testcase was recorded late.", "checked": "on"}
    response = manager.post(submit, typed)
    assert response.status_code == 400
    assert response.context["narrative"]["data_quality_notes"].value() == "Jordan Testcase was recorded late."
    assert response.context["submit_form"]["checked"].value()  # still ticked
    draft.refresh_from_db()
    assert draft.achievements == "Two school sessions." and draft.status == ReturnStatus.DRAFT
    response = manager.post(submit, {**typed, "data_quality_notes": "One referral was recorded late."})
    assert response.status_code == 302
    assert ReturnVersion.objects.get().narrative == {
        "achievements": "Two school sessions.", "challenges": "", "context": "",
        "data_quality_notes": "One referral was recorded late."}
