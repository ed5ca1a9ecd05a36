from django.urls import path

from hubspoke.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.requests, name="requests"),
    path("programme/", views.programme, name="programme"),
    path("young-people/<uuid:ref>/new/", views.new_request, name="new"),
    path("<uuid:ref>/", views.request_detail, name="request"),
    path("<uuid:ref>/pause/", views.pause, name="pause"),
    path("<uuid:ref>/resume/", views.resume, name="resume"),
    path("<uuid:ref>/extend/", views.extend, name="extend"),
    path("<uuid:ref>/close/", views.close, name="close"),
    path("<uuid:ref>/review/start/", views.start_review, name="start_review"),
    path("<uuid:ref>/review/", views.review, name="review"),
    path("<uuid:ref>/review/redact/", views.redact, name="redact"),
    path("<uuid:ref>/review/redactions/<uuid:mark>/remove/", views.unredact, name="unredact"),
    path("<uuid:ref>/sign-off/", views.sign_off, name="sign_off"),
    path("<uuid:ref>/bundle/", views.make_bundle, name="make_bundle"),
    path("<uuid:ref>/bundles/<uuid:bundle>/download/", views.download, name="download"),
]
