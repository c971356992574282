"""Receivers of lower apps' signals. Each only calls this app's own service."""

from django.dispatch import receiver

from courses.api import CourseCompletion, Enrollment, course_completed

from .services import certificate_issue


@receiver(course_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, completion: CourseCompletion, **kwargs) -> None:
    """Issue the certificate of the completed round (idempotent: a repeat issues nothing new)."""
    certificate_issue(enrollment=Enrollment.objects.get(pk=completion.enrollment_id))
