from django.urls import path

from hubspoke.retention import views

app_name = "retention"

urlpatterns = [
    # How long records are kept: everyone on the staff reads it; administrators change it.
    path("", views.schedule, name="schedule"),
    path("periods/<slug:kind>/", views.period, name="period"),
    path("data-protection-leads/", views.leads, name="leads"),
    # Managers: records due for review, one record's holds and disposal
    path("due/", views.due, name="due"),
    path("records/<uuid:ref>/", views.record, name="record"),
    path("records/<uuid:ref>/hold/", views.hold_new, name="hold_new"),
    path("holds/<uuid:ref>/lift/", views.hold_lift, name="hold_lift"),
    path("records/<uuid:ref>/dispose/", views.propose, name="propose"),
    # The second person's decision, and certificates (managers and the data protection lead)
    path("disposals/<uuid:ref>/", views.disposal, name="disposal"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<uuid:ref>/", views.certificate, name="certificate"),
]
