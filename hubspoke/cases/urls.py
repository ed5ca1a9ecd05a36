from django.urls import path

from hubspoke.cases import views

app_name = "cases"

urlpatterns = [
    path("waiting-list/", views.waiting_list, name="waiting_list"),
    path("allocate/<uuid:ref>/", views.allocate, name="allocate"),
    path("team/", views.team, name="team"),
    path("team/<uuid:ref>/", views.worker_caseload, name="worker_caseload"),
    path("mine/", views.mine, name="mine"),
    path("levels/", views.levels, name="levels"),
    path("<uuid:ref>/", views.case_detail, name="detail"),
    path("<uuid:ref>/first-contact/", views.first_contact_made, name="first_contact"),
    path("<uuid:ref>/reallocate/", views.reallocate, name="reallocate"),
]
