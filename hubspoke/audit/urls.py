from django.urls import path

from hubspoke.audit import views

app_name = "audit"

urlpatterns = [
    path("seen/<str:kind>/<uuid:ref>/", views.who_has_seen, name="who_has_seen"),
]
