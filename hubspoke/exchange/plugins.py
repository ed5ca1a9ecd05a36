"""What the exchange gives the apps below it at start-up: its kinds of notification (each
leads to the post, whose page checks again that the person may read it)."""

from django.urls import reverse


def register():
    from hubspoke.exchange import actions
    from hubspoke.notifications.registry import register_kind

    post = lambda ref: reverse("exchange:post", kwargs={"ref": ref})  # noqa: E731
    register_kind(actions.NEW_POST, message="There is a new reply in a thread you watch",
                  group="New replies in threads you watch", url=post)
    register_kind(actions.NEW_THREAD, message="There is a new thread in a category you watch",
                  group="New threads in categories you watch", url=post)
    register_kind(actions.MENTIONED, message="Someone mentioned you in the forum", group="Mentions in the forum",
                  url=post)
    register_kind(actions.REPORTED, message="A forum post has been reported", group="Reported forum posts",
                  url=lambda ref: reverse("exchange:reports"))
