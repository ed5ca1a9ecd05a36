from django.urls import path

from hubspoke.network import views

app_name = "network"

urlpatterns = [
    path("services/", views.service_list, name="service_list"),
    path("services/<uuid:ref>/", views.service_detail, name="service_detail"),
    path("services/<uuid:ref>/settings/", views.service_settings, name="service_settings"),
    path("spokes/<uuid:ref>/", views.spoke_detail, name="spoke_detail"),
    path("memberships/<uuid:ref>/end/", views.end_membership, name="end_membership"),
]
