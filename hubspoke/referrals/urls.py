from django.urls import path

from hubspoke.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new_referral, name="new"),
    path("<uuid:ref>/", views.detail, name="detail"),
    path("refer/", views.partner_new_referral, name="partner_new"),
    path("sent/", views.sent, name="sent"),
    path("sent/<uuid:ref>/", views.sent_detail, name="sent_detail"),
]
