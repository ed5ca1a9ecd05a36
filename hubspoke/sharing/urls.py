from django.urls import path

from hubspoke.sharing.views import agreements, consent, disclosures, log, partners, requests

app_name = "sharing"

urlpatterns = [
    # Agreements
    path("agreements/", agreements.agreements, name="agreements"),
    path("agreements/new/", agreements.agreement_new, name="agreement_new"),
    path("agreements/<uuid:ref>/", agreements.agreement, name="agreement"),
    path("agreements/<uuid:ref>/revise/", agreements.agreement_revise, name="agreement_revise"),
    path("agreements/<uuid:ref>/versions/<int:number>/document/", agreements.agreement_document,
         name="agreement_document"),
    # Consent
    path("young-people/<uuid:ref>/consent/", consent.consent, name="consent"),
    path("young-people/<uuid:ref>/consent/new/", consent.consent_new, name="consent_new"),
    path("consent/<uuid:ref>/withdraw/", consent.consent_withdraw, name="consent_withdraw"),
    # The door
    path("disclosures/<uuid:ref>/", disclosures.disclosure, name="disclosure"),
    path("young-people/<uuid:ref>/share/", disclosures.share, name="share"),
    path("young-people/<uuid:ref>/not-shared/", disclosures.not_shared_new, name="not_shared_new"),
    path("young-people/<uuid:ref>/sharing/", disclosures.young_person_sharing, name="young_person_sharing"),
    # The managers' log of disclosures and decisions not to share (?format=csv|xlsx: the export)
    path("log/", log.log, name="log"),
    # Requests for information: partners ask, managers answer
    path("requests/", requests.request_list, name="requests"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<uuid:ref>/", requests.request_detail, name="request"),
    path("requests/<uuid:ref>/link/", requests.request_link, name="request_link"),
    path("requests/<uuid:ref>/decline/", requests.request_decline, name="request_decline"),
    # What partners see of what was shared with their agency
    path("shared/", partners.partner_home, name="partner_home"),
    path("shared/<uuid:ref>/", partners.partner_person, name="partner_person"),
]
