from django.urls import path

from hubspoke.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("<uuid:ref>/open/", views.open_notification, name="open"),
]
