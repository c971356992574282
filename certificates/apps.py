from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certifikat")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the course_completed receiver
