"""Where certificate PDFs live: outside MEDIA_ROOT, with no public URL.

A certificate carries its holder's name and a verification code, and a
revoked one must stop circulating, so its file is reachable only through the
permission-checked download view (`certificates:download`), never through
the public `/media/` view or a front server serving MEDIA_ROOT.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class CertificateStorage(FileSystemStorage):
    """FileSystemStorage rooted at LARSPAR_PRIVATE_ROOT, read at each use (tests move it)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.LARSPAR_PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Certificate files have no public URL; use the download view.")


def certificate_storage() -> CertificateStorage:
    """The storage of certificate PDFs (a callable, so migrations name it, not a path)."""
    return CertificateStorage()
