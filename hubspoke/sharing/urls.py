from django.urls import path

from hubspoke.sharing.views import consent, disclosures

app_name = "sharing"

urlpatterns = [
    # Consent
    path("young-people/<uuid:ref>/consent/", consent.consent, name="consent"),
    path("young-people/<uuid:ref>/consent/new/", consent.consent_new, name="consent_new"),
    path("consent/<uuid:ref>/withdraw/", consent.consent_withdraw, name="consent_withdraw"),
    # The door
    path("disclosures/<uuid:ref>/", disclosures.disclosure, name="disclosure"),
]
