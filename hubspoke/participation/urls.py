from django.urls import path

from hubspoke.participation.views import case, handover, service, surveys

app_name = "participation"

urlpatterns = [
    path("feedback/", service.service_feedback, name="feedback"),
    path("cases/<uuid:ref>/feedback/", case.case_feedback, name="case"),
    path("cases/<uuid:ref>/feedback/hand-over/", case.start_handover, name="start_handover"),
    path("cases/<uuid:ref>/feedback/declined/", case.record_declined, name="declined"),
    path("cases/<uuid:ref>/feedback/link/", case.send_link, name="send_link"),
    path("cases/<uuid:ref>/surveys/<uuid:survey_ref>/", case.survey_paper, name="case_survey"),
    path("cases/<uuid:ref>/surveys/<uuid:survey_ref>/hand-over/", case.start_survey_handover,
         name="start_survey_handover"),
    path("hand-over/", handover.handover, name="handover"),
    path("hand-over/back/", handover.hand_back, name="hand_back"),
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/new/", surveys.new_survey, name="survey_new"),
    path("surveys/<uuid:ref>/", surveys.survey, name="survey"),
    path("surveys/<uuid:ref>/edit/", surveys.edit_survey, name="survey_edit"),
    path("surveys/<uuid:ref>/preview/", surveys.preview, name="survey_preview"),
    path("surveys/<uuid:ref>/status/", surveys.open_or_close, name="survey_status"),
    path("surveys/<uuid:ref>/questions/new/", surveys.question, name="survey_question_new"),
    path("surveys/<uuid:ref>/questions/<uuid:question_ref>/", surveys.question, name="survey_question"),
    path("surveys/<uuid:ref>/questions/<uuid:question_ref>/change/", surveys.change_question,
         name="survey_question_change"),
    path("surveys/<uuid:ref>/results/", surveys.results, name="survey_results"),
    path("surveys/<uuid:ref>/services/<uuid:service_ref>/paper/", surveys.paper, name="survey_paper"),
    path("surveys/<uuid:ref>/services/<uuid:service_ref>/type-in/", surveys.type_in, name="survey_type_in"),
]
