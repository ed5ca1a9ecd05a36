"""A young person's own story: what their worker writes for them, in plain words, with the
parts of the record chosen to go in it; each version kept as it was given."""
from django.urls import path

from hubspoke.stories import views

app_name = "stories"

urlpatterns = [
    path("cases/<uuid:ref>/", views.story, name="story"),
    path("cases/<uuid:ref>/edit/", views.edit, name="edit"),
    path("cases/<uuid:ref>/preview/", views.preview, name="preview"),
    path("cases/<uuid:ref>/finish/", views.finish, name="finish"),
    path("versions/<uuid:ref>/", views.version, name="version"),
    path("versions/<uuid:ref>/check/", views.version_check, name="version_check"),
    path("versions/<uuid:ref>/give/", views.version_give, name="version_give"),
    path("versions/<uuid:ref>/print/", views.version_print, name="version_print"),
    path("versions/<uuid:ref>/pdf/", views.version_pdf, name="version_pdf"),
    # Managers: versions waiting for their check (the home page's line leads here).
    path("waiting/", views.waiting, name="waiting"),
]
