"""Files people upload: kept only if their first bytes say they are a kind we keep (never by the
name or the type the browser claims), not empty, and within a size limit."""

from __future__ import annotations

from django.core.exceptions import ValidationError

# (magic, type, extension). Word, PowerPoint and Excel files are zip archives, told apart by
# their name's ending.
FILE_TYPES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"PK\x03\x04", "application/octet-stream", ""),
)
FILE_TYPES_IN_WORDS = "a PDF, a PNG or JPEG picture, or a Word, PowerPoint or Excel file"
OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def check_file(upload, *, limit: int, field: str = "file", larger: str = "") -> dict:
    """What is stored about an acceptable file (``file_name``, ``file_size``, ``file_type``),
    or a ValidationError on ``field``. ``larger``: what to do instead with a bigger one."""
    if upload.size > limit:
        raise ValidationError({field: f"The selected file must be smaller than {limit // (1024 * 1024)}MB"
                                      + (f": {larger}" if larger else "")})
    if upload.size == 0:
        raise ValidationError({field: "The selected file is empty"})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = (upload.name or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    for magic, content_type, extension in FILE_TYPES:
        if head.startswith(magic):
            if not extension:
                extension = name[-5:].lower()
                if extension not in OFFICE_TYPES:
                    break
            if not name.lower().endswith(extension) and not (extension == ".jpg" and name.lower().endswith(".jpeg")):
                name += extension
            return {"file_name": name[-200:], "file_size": upload.size, "file_type": content_type}
    raise ValidationError({field: f"The selected file must be {FILE_TYPES_IN_WORDS}"})
