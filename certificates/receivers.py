"""Receivers of lower apps' signals. Each only calls this app's own service."""

from django.dispatch import receiver

from courses.signals import course_completed

from .services import certificate_issue


@receiver(course_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, enrollment, **kwargs) -> None:
    certificate_issue(enrollment=enrollment)
