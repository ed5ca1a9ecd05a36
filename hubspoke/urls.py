from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from hubspoke.engagement.views import public as engagement_public
from hubspoke.home import views as home_views
from hubspoke.lib import views as lib_views
from hubspoke.monitoring.api import api_urls
from hubspoke.participation.views import public as participation_public
from hubspoke.participation.views import survey_public

urlpatterns = [
    path("", home_views.home, name="home"),
    # A person's sign-in address is set by an administrator; allauth's page for adding and
    # changing addresses is closed.
    path("accounts/email/", RedirectView.as_view(pattern_name="accounts:security")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("hubspoke.accounts.urls")),
    path("network/", include("hubspoke.network.urls")),
    path("audit/", include("hubspoke.audit.urls")),
    path("referrals/", include("hubspoke.referrals.urls")),
    path("sharing/", include("hubspoke.sharing.urls")),
    path("assessments/", include("hubspoke.assessments.urls")),
    path("cases/", include("hubspoke.cases.urls")),
    path("safety/", include("hubspoke.safety.urls")),
    path("engagement/", include("hubspoke.engagement.urls")),
    # The short link participants of a training session answer its feedback by.
    path("f/<str:token>/", engagement_public.feedback, name="training_feedback"),
    path("participation/", include("hubspoke.participation.urls")),
    # The single-use link a young person gives feedback by: a neutral address that names nothing.
    path("v/<str:token>/", participation_public.answer, name="your_views"),
    # A survey's open link (and QR code), one per service: anonymous answers.
    path("s/<str:token>/", survey_public.answer, name="survey_answer"),
    path("stories/", include("hubspoke.stories.urls")),
    path("rights/", include("hubspoke.rights.urls")),
    path("retention/", include("hubspoke.retention.urls")),
    path("notifications/", include("hubspoke.notifications.urls")),
    path("exchange/", include("hubspoke.exchange.urls")),
    path("monitoring/", include("hubspoke.monitoring.urls")),
    path("api/monitoring/v1/", api_urls()),
    path("admin/", admin.site.urls),
    path("csp-report/", lib_views.csp_report, name="csp_report"),
    path("healthz/", lib_views.healthz, name="healthz"),
]
