from django.urls import path

from hubspoke.participation.views import case, handover, service

app_name = "participation"

urlpatterns = [
    path("feedback/", service.service_feedback, name="feedback"),
    path("cases/<uuid:ref>/feedback/", case.case_feedback, name="case"),
    path("cases/<uuid:ref>/feedback/hand-over/", case.start_handover, name="start_handover"),
    path("cases/<uuid:ref>/feedback/declined/", case.record_declined, name="declined"),
    path("cases/<uuid:ref>/feedback/link/", case.send_link, name="send_link"),
    path("hand-over/", handover.handover, name="handover"),
    path("hand-over/back/", handover.hand_back, name="hand_back"),
]
