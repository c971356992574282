"""What other apps may use from `certificates` (reporting, privacy)."""

from .codes import code_format, code_generate
from .models import Certificate, CertificateEvent, CertificateEventKind
from .services import certificate_issue, certificate_rename, group_track_lookup_register

__all__ = [
    "Certificate",
    "CertificateEvent",
    "CertificateEventKind",
    "certificate_issue",
    "certificate_rename",
    "code_format",
    "code_generate",
    "group_track_lookup_register",
]
