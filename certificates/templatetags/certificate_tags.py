"""Certificate facts for templates of lower apps, which must not follow
`enrollment.certificate` (a relation only certificates knows about)."""

from django import template

from ..selectors import certificate_for_enrollment_get

register = template.Library()


@register.simple_tag
def enrollment_certificate(enrollment):
    """The certificate issued for `enrollment`, or None. One query.

    {% load certificate_tags %}{% enrollment_certificate enrollment as certificate %}
    """
    return certificate_for_enrollment_get(enrollment=enrollment)
