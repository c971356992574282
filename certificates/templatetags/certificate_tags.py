"""Certificate facts for templates of lower apps, which must not follow
`enrollment.certificate` (a relation only certificates knows about)."""

from django import template
from django.conf import settings

from ..selectors import certificate_for_enrollment_get

register = template.Library()


@register.simple_tag
def enrollment_certificate(enrollment):
    """The certificate issued for `enrollment`, or None. One query.

    {% load certificate_tags %}{% enrollment_certificate enrollment as certificate %}
    """
    return certificate_for_enrollment_get(enrollment=enrollment)


@register.simple_tag
def certificate_contact() -> str:
    """Whom the holder of a revoked certificate is told to contact (LARSPAR_CERTIFICATE_CONTACT)."""
    return settings.LARSPAR_CERTIFICATE_CONTACT
