"""The chronology's information sharing: disclosures (to whom and which kinds, never what was
shared), decisions not to share, consent decisions and their withdrawal."""

from django.urls import reverse

from hubspoke.conftest import assert_flat_queries
from hubspoke.lib.dates import today
from hubspoke.sharing import actions as sharing


def chronology(client, case, **query):
    return client.get(reverse("cases:chronology", kwargs={"ref": case.uuid}), query)


def test_sharing_and_consent_are_in_the_chronology_without_what_was_shared(signed_in, world):
    case = world.case_a()
    world.disclosure_a()
    consent = world.consent_a()
    sharing.withdraw_consent(actor=world.worker_a, consent=consent, withdrawn_on=today(), withdrawn_by="young_person",
                             words="Not the police, not now.")
    sharing.record_decision_not_to_share(actor=world.manager_a, service=world.service_a, young_person=case.young_person,
                                         asked_by_agency=world.csc_b, what_was_asked="Her school and address.",
                                         reason="No safeguarding need to share.", categories=["identity"])
    response = chronology(signed_in("worker_a"), case, kinds="sharing")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Shared with Northshire Police: Risk level and assessment summary",
                 "An information-sharing agreement that covers it. Decided by Worker A",
                 "Decided not to share with Southshire Children&#x27;s Services: Identity and contact details",
                 "Consent decision: agreed (plan and actions)", "Consent withdrawn",
                 "Consent decision: agreed (referral and concerns)"):
        assert text in page, text
    for content in ("seen with older men after school", "Her school and address", "Not the police, not now"):
        assert content not in page, content
    assert {e.kind for e in response.context["events"]} == {"sharing"}
    assert reverse("sharing:disclosure", kwargs={"ref": world.disclosure_a().uuid}) in page


def test_the_chronology_stays_flat_as_sharing_grows(signed_in, world):
    case = world.case_a()
    world.disclosure_a()
    client = signed_in("manager_a")

    def grow():
        for _ in range(3):
            sharing.record_disclosure(
                actor=world.worker_a, young_person=case.young_person, to_agency=world.police_a,
                recipient_name="DC Example", categories=["referral"], summary="The referral.", route="agreement",
                agreement=world.agreement_a().current, reason="Strategy meeting.")
            made = sharing.record_consent(actor=world.worker_a, young_person=case.young_person,
                                          agencies=[world.police_a, world.csc_b],
                                          fields={"decision": "given", "given_by": "young_person", "method": "phone",
                                                  "competence_note": "Understood.", "categories": ["plan"],
                                                  "given_on": today()})
            sharing.withdraw_consent(actor=world.worker_a, consent=made, withdrawn_on=today(),
                                     withdrawn_by="young_person", words="Stop.")
            sharing.record_decision_not_to_share(actor=world.manager_a, service=world.service_a,
                                                 young_person=case.young_person, asked_by_agency=world.csc_b,
                                                 what_was_asked="Her plan.", reason="Not needed.",
                                                 categories=["plan"])

    assert_flat_queries(lambda: chronology(client, case), grow)
