from django.contrib import admin
from django.urls import include, path

from hubspoke.lib import views as lib_views
from hubspoke.network import views as network_views

urlpatterns = [
    path("", network_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("hubspoke.accounts.urls")),
    path("network/", include("hubspoke.network.urls")),
    path("audit/", include("hubspoke.audit.urls")),
    path("admin/", admin.site.urls),
    path("csp-report/", lib_views.csp_report, name="csp_report"),
    path("healthz/", lib_views.healthz, name="healthz"),
]
