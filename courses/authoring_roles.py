"""Who may author courses. One rule, used by the admin site and the preview pages."""

from accounts.models import Role


def user_may_author(user) -> bool:
    """Trainers and administrators author courses; learners and managers never, staff or not."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_role(Role.TRAINER) or user.has_role(Role.ADMINISTRATOR)
