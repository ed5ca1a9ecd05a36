"""Worker safety and support: supervision (and, with it, how often each kind is due)."""
from django.urls import path

from hubspoke.safety.views import supervision as supervision_views

app_name = "safety"
urlpatterns = [
    path("supervision/", supervision_views.supervision_list, name="supervision_list"),
    path("supervision/record/", supervision_views.supervisees, name="supervisees"),
    path("supervision/record/<uuid:ref>/", supervision_views.record, name="supervision_record"),
    path("supervision/<uuid:ref>/", supervision_views.detail, name="supervision"),
    path("supervision/schedules/<uuid:ref>/", supervision_views.schedules, name="supervision_schedules"),
]
