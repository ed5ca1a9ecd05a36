from django.urls import path

from hubspoke.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.security, name="security"),
]
