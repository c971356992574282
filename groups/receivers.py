"""Receivers of lower apps' signals. Each only calls this app's own service."""

from django.dispatch import receiver

from courses.api import ContentReplacement, course_content_replaced

from .services import meetings_follow_content


@receiver(course_content_replaced, dispatch_uid="groups.meetings_follow_content")
def meetings_follow(sender, replacement: ContentReplacement, **kwargs) -> None:
    """A draft was published: meetings move to the module with the same identity."""
    meetings_follow_content(modules=replacement.modules)
