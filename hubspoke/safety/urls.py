"""Worker safety and support: lone-working visits with their alarm chain, and supervision
(with how often each kind is due)."""
from django.urls import path

from hubspoke.safety.views import supervision as supervision_views
from hubspoke.safety.views import visits

app_name = "safety"
urlpatterns = [
    path("", visits.index, name="index"),
    path("profile/", visits.profile, name="profile"),
    path("visits/start/", visits.start, name="start"),
    path("visits/<uuid:ref>/", visits.visit, name="visit"),
    path("visits/<uuid:ref>/check-in/", visits.check_in, name="check_in"),
    path("visits/<uuid:ref>/extend/", visits.extend, name="extend"),
    path("visits/<uuid:ref>/finish/", visits.finish, name="finish"),
    path("visits/<uuid:ref>/help/", visits.help_now, name="help"),
    path("alarms/<uuid:ref>/", visits.alarm, name="alarm"),
    path("alarms/<uuid:ref>/acknowledge/", visits.acknowledge, name="acknowledge"),
    path("alarms/<uuid:ref>/resolve/", visits.resolve, name="resolve"),
    path("a/<str:token>/", visits.acknowledge_outside, name="acknowledge_outside"),
    path("board/", visits.board, name="board"),
    path("programme/", visits.programme_counts, name="counts"),
    path("services/<uuid:ref>/chain/", visits.chain, name="chain"),
    path("services/<uuid:ref>/chain/<uuid:step>/remove/", visits.chain_remove, name="chain_remove"),
    # Supervision.
    path("supervision/", supervision_views.supervision_list, name="supervision_list"),
    path("supervision/record/", supervision_views.supervisees, name="supervisees"),
    path("supervision/record/<uuid:ref>/", supervision_views.record, name="supervision_record"),
    path("supervision/<uuid:ref>/", supervision_views.detail, name="supervision"),
    path("supervision/schedules/<uuid:ref>/", supervision_views.schedules, name="supervision_schedules"),
]
