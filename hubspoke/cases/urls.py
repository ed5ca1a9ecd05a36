from django.urls import path

from hubspoke.cases import views

app_name = "cases"

urlpatterns = [
    path("waiting-list/", views.waiting_list, name="waiting_list"),
    path("allocate/<uuid:ref>/", views.allocate, name="allocate"),
    path("team/", views.team, name="team"),
    path("mine/", views.mine, name="mine"),
]
