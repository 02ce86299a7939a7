"""Uploaded files: refused while they arrive when too large, kept for the app's user only.

`SizeLimitHandler` comes first in FILE_UPLOAD_HANDLERS: a file above UPLOAD_MAX_MB is skipped
while it arrives (the request body is read and thrown away, nothing of the file is kept) and
the request remembers why, so the form can say so. A file kept for a later step lives in
UPLOAD_DIR as 0600 in a 0700 folder, and is removed after storing, after cancelling, when a
new upload replaces it, and by `mittaristo clean-uploads` once older than UPLOAD_MAX_AGE_HOURS.
"""

import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from mittaristo.core.formatting import number

SLACK = 1 << 20  # a request carries the form's other fields beside the file


class SizeLimitHandler(FileUploadHandler):
    """Skips a file larger than UPLOAD_MAX_MB before it is stored anywhere."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.body = content_length or 0
        # None: the request is parsed as usual, the handlers after this one store the file.

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        if self.body > limit() + SLACK:  # known from the request's length: skip at once
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > limit():
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler makes the file

    def _refuse(self):
        if self.request is not None:
            self.request.upload_refused = too_large(self.file_name)
        raise SkipFile


def limit() -> int:
    return settings.UPLOAD_MAX_MB * 2**20


def too_large(name: str) -> str:
    return _("%(file)s: the file is larger than %(limit)s MB, the most that is read.") % {
        "file": name,
        "limit": number(settings.UPLOAD_MAX_MB),
    }


def upload_dir() -> Path:
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def upload_keep(upload) -> Path:
    """Save the upload under a name nobody can guess, keeping its suffix (.csv, .xlsx, .ods).

    The file is created readable and writable by the app's user only, whatever the umask.
    """
    path = upload_dir() / f"{secrets.token_urlsafe(16)}{Path(upload.name).suffix.lower()[:6]}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    return path


def uploads_clean(*, hours: float, now: float | None = None) -> list[Path]:
    """Remove every file in UPLOAD_DIR (its subfolders too) older than `hours`; those removed."""
    folder = Path(settings.UPLOAD_DIR)
    if not folder.is_dir():
        return []
    cutoff = (time.time() if now is None else now) - hours * 3600
    removed = []
    for path in sorted(folder.rglob("*")):
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:  # removed meanwhile by the request that kept it
            continue
    return removed
