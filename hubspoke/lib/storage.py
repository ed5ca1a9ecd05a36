"""Files that must never be served by the web server: stored under
``HUBSPOKE_PRIVATE_MEDIA_ROOT`` (outside the static and media roots), with no public URL, and
handed out only by a view that has checked access first.

Django's FileSystemStorage fixes its location when it is made; this one reads the setting on
every use, so a test (or a deployment) that changes the setting is obeyed at once."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.HUBSPOKE_PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Private files have no address; serve them through a view that checks access.")


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    """For ``FileField(storage=private_storage)``: a callable, so migrations name it, not its state."""
    return _private
