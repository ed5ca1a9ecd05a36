from django.urls import path

from hubspoke.assessments import views

app_name = "assessments"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("services/<uuid:ref>/tools/", views.service_tools, name="service_tools"),
    path("countersignatures/", views.countersignatures, name="countersignatures"),
    path("young-people/<uuid:ref>/", views.young_person_assessments, name="young_person"),
    path("young-people/<uuid:ref>/start/", views.start, name="start"),
    path("referrals/<uuid:ref>/", views.referral_assessments, name="referral"),
    path("referrals/<uuid:ref>/start/", views.start_for_referral, name="start_for_referral"),
    path("<uuid:ref>/", views.detail, name="detail"),
    path("<uuid:ref>/questions/<int:number>/", views.section, name="section"),
    path("<uuid:ref>/check/", views.check, name="check"),
    path("<uuid:ref>/countersign/", views.countersign, name="countersign"),
    path("<uuid:ref>/review/", views.review, name="review"),
]
