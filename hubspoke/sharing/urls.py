from django.urls import path

from hubspoke.sharing.views import disclosures

app_name = "sharing"

urlpatterns = [
    # The door
    path("disclosures/<uuid:ref>/", disclosures.disclosure, name="disclosure"),
    path("young-people/<uuid:ref>/share/", disclosures.share, name="share"),
    path("young-people/<uuid:ref>/not-shared/", disclosures.not_shared_new, name="not_shared_new"),
    path("young-people/<uuid:ref>/sharing/", disclosures.young_person_sharing, name="young_person_sharing"),
]
