from django.urls import path

from hubspoke.cases import views

app_name = "cases"

urlpatterns = [
    path("waiting-list/", views.waiting_list, name="waiting_list"),
    path("allocate/<uuid:ref>/", views.allocate, name="allocate"),
    path("team/", views.team, name="team"),
    path("team/<uuid:ref>/", views.worker_caseload, name="worker_caseload"),
    path("mine/", views.mine, name="mine"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<uuid:ref>/", views.transfer_detail, name="transfer_detail"),
    path("transfers/<uuid:ref>/accept/", views.accept_transfer, name="accept_transfer"),
    path("transfers/<uuid:ref>/decline/", views.decline_transfer, name="decline_transfer"),
    path("levels/", views.levels, name="levels"),
    path("<uuid:ref>/", views.case_detail, name="detail"),
    path("<uuid:ref>/contacts/", views.contacts, name="contacts"),
    path("<uuid:ref>/contacts/new/", views.new_contact, name="new_contact"),
    path("<uuid:ref>/contacts/<uuid:contact>/note/", views.restricted_note, name="restricted_note"),
    path("<uuid:ref>/reallocate/", views.reallocate, name="reallocate"),
    path("<uuid:ref>/co-worker/", views.co_worker, name="co_worker"),
    path("<uuid:ref>/missing/", views.missing, name="missing"),
    path("<uuid:ref>/missing/<uuid:episode>/", views.missing_episode, name="missing_episode"),
    path("<uuid:ref>/meetings/", views.meetings, name="meetings"),
    path("<uuid:ref>/outcomes/", views.outcomes_view, name="outcomes"),
    path("<uuid:ref>/transition-plan/", views.transition_plan, name="transition_plan"),
    path("<uuid:ref>/transfer/", views.transfer_case, name="transfer"),
    path("<uuid:ref>/close/", views.close_case, name="close"),
    path("<uuid:ref>/reopen/", views.reopen_case, name="reopen"),
    path("<uuid:ref>/chronology/", views.chronology_view, name="chronology"),
    path("<uuid:ref>/chronology/mark/", views.mark_event, name="mark_event"),
    path("<uuid:ref>/plan/", views.plan, name="plan"),
    path("<uuid:ref>/plan/goals/", views.add_goal, name="add_goal"),
    path("<uuid:ref>/plan/goals/<uuid:goal>/", views.update_goal, name="update_goal"),
    path("<uuid:ref>/plan/goals/<uuid:goal>/actions/", views.add_action, name="add_action"),
    path("<uuid:ref>/plan/actions/<uuid:action>/status/", views.action_status, name="action_status"),
    path("<uuid:ref>/plan/review/", views.plan_review, name="plan_review"),
]
