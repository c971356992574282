"""`{% user_can %}`: templates ask the same permission policy as views and the admin."""

from django import template
from django.db import models

from common.policies import policy_for

register = template.Library()


@register.simple_tag
def user_can(user, action: str, target) -> bool:
    """Whether `user` may do `action` to `target`: an object, or "app_label.model" for any.

    {% user_can user "author" "courses.course" as may_author %}
    {% user_can user "download" certificate as may_download %}
    """
    obj = target if isinstance(target, models.Model) else None
    return policy_for(target).user_can(user, action, obj)
