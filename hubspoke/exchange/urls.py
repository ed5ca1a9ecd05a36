from django.urls import path

from hubspoke.exchange.views import forum, moderation, posting

app_name = "exchange"

urlpatterns = [
    path("", forum.index, name="index"),
    path("search/", forum.search, name="search"),
    path("settings/", forum.settings, name="settings"),
    path("categories/<uuid:ref>/", forum.category, name="category"),
    path("categories/<uuid:ref>/new/", posting.new_thread, name="new_thread"),
    path("threads/<uuid:ref>/", forum.thread, name="thread"),
    path("threads/<uuid:ref>/reply/", posting.reply, name="reply"),
    path("threads/<uuid:ref>/moderate/", moderation.moderate, name="moderate"),
    path("posts/<uuid:ref>/", forum.post, name="post"),
    path("posts/<uuid:ref>/edit/", posting.edit, name="edit"),
    path("posts/<uuid:ref>/history/", forum.history, name="history"),
    path("posts/<uuid:ref>/report/", posting.report, name="report"),
    path("posts/<uuid:ref>/hide/", moderation.hide, name="hide"),
    path("posts/<uuid:ref>/show/", moderation.show, name="show"),
    path("posts/<uuid:ref>/remove-words/", moderation.redact, name="redact"),
    path("attachments/<uuid:ref>/", forum.attachment, name="attachment"),
    path("watch/<str:kind>/<uuid:ref>/", forum.watch, name="watch"),
    path("moderation/", moderation.reports, name="reports"),
    path("moderation/reports/<uuid:ref>/", moderation.resolve, name="resolve"),
    path("moderation/categories/", moderation.categories, name="categories"),
    path("moderation/categories/new/", moderation.category_form, name="category_new"),
    path("moderation/categories/<uuid:ref>/", moderation.category_form, name="category_edit"),
]
