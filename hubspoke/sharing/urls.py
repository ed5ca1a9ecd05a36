from django.urls import path

from hubspoke.sharing.views import agreements, disclosures

app_name = "sharing"

urlpatterns = [
    # Agreements
    path("agreements/", agreements.agreements, name="agreements"),
    path("agreements/new/", agreements.agreement_new, name="agreement_new"),
    path("agreements/<uuid:ref>/", agreements.agreement, name="agreement"),
    path("agreements/<uuid:ref>/revise/", agreements.agreement_revise, name="agreement_revise"),
    path("agreements/<uuid:ref>/versions/<int:number>/document/", agreements.agreement_document,
         name="agreement_document"),
    # The door
    path("disclosures/<uuid:ref>/", disclosures.disclosure, name="disclosure"),
]
