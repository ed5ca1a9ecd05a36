from django.urls import path

from hubspoke.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("returns/", views.returns, name="returns"),
    path("returns/<uuid:ref>/", views.return_detail, name="return"),
    path("returns/<uuid:ref>/submit/", views.return_submit, name="return_submit"),
    path("returns/<uuid:ref>/reopen/", views.return_reopen, name="return_reopen"),
    path("returns/<uuid:ref>/versions/<int:number>/", views.return_version, name="return_version"),
    path("programme/", views.programme, name="programme"),
    path("programme/return/", views.programme_return, name="programme_return"),
    path("programme/completeness/", views.completeness, name="completeness"),
    path("programme/what-works/", views.what_works, name="what_works"),
    path("programme/returns/<uuid:ref>/", views.submitted_return, name="submitted_return"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<uuid:ref>/", views.survey, name="survey"),
    path("survey-responses/<uuid:ref>/", views.survey_response, name="survey_response"),
    path("api-keys/", views.api_tokens, name="api_tokens"),
    path("api-keys/<uuid:ref>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
