"""Receivers of lower apps' signals. Each only calls this app's own service."""

from django.dispatch import receiver

from courses.api import ContentReplacement, course_content_replaced

from .services import attempts_follow_content


@receiver(course_content_replaced, dispatch_uid="quizzes.attempts_follow_content")
def attempts_follow(sender, replacement: ContentReplacement, **kwargs) -> None:
    """A draft was published: attempts move to the quiz with the same identity."""
    attempts_follow_content(steps=replacement.steps)
