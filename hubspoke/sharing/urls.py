from django.urls import path

from hubspoke.sharing.views import disclosures

app_name = "sharing"

urlpatterns = [
    # The door
    path("disclosures/<uuid:ref>/", disclosures.disclosure, name="disclosure"),
]
