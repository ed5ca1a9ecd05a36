from django.urls import path

from hubspoke.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new_referral, name="new"),
    path("find/", views.search, name="search"),
    path("<uuid:ref>/", views.detail, name="detail"),
    path("<uuid:ref>/accept/", views.accept, name="accept"),
    path("<uuid:ref>/decline/", views.decline, name="decline"),
    path("<uuid:ref>/request-information/", views.request_info, name="request_info"),
    path("<uuid:ref>/information-received/", views.resolve_info, name="resolve_info"),
    path("<uuid:ref>/close/", views.close, name="close"),
    path("young-people/<uuid:ref>/", views.young_person, name="young_person"),
    path("young-people/<uuid:ref>/edit/", views.edit_young_person, name="edit_young_person"),
    path("young-people/<uuid:ref>/contact/", views.young_person_contact, name="young_person_contact"),
    path("refer/", views.partner_new_referral, name="partner_new"),
    path("refer/<uuid:token>/check/", views.partner_check, name="partner_check"),
    path("refer/<uuid:token>/<slug:step>/", views.partner_step, name="partner_step"),
    path("sent/", views.sent, name="sent"),
    path("sent/<uuid:ref>/", views.sent_detail, name="sent_detail"),
    path("sent/<uuid:ref>/answer/", views.sent_answer, name="sent_answer"),
    path("sent/<uuid:ref>/confirmation/", views.sent_confirmation, name="sent_confirmation"),
]
