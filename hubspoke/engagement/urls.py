"""Work with professionals and the local system: consultations, training, prevention sessions,
meetings, challenges. (Training feedback's short link is in the project's own urls.)"""
from django.urls import path

from hubspoke.engagement.views import challenges, work

app_name = "engagement"
urlpatterns = [
    path("", work.index, name="index"),
    path("challenges/<uuid:ref>/escalate/", challenges.escalate, name="escalate"),
    path("challenges/<uuid:ref>/steps/<uuid:step>/response/", challenges.respond, name="respond"),
    path("challenges/<uuid:ref>/end/", challenges.end, name="end"),
    path("<slug:kind>/", work.listing, name="list"),
    path("<slug:kind>/record/", work.record, name="record"),
    path("<slug:kind>/<uuid:ref>/", work.detail, name="detail"),
    path("<slug:kind>/<uuid:ref>/change/", work.record, name="change"),
]
