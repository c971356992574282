from axes.backends import AxesStandaloneBackend
from django.contrib.auth import backends

from .models import user_with_roles_get


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, skipped when there is no request to throttle.

    Every sign-in form (the site's and the admin's) passes the request, so
    the check always runs for people signing in. Calls without a request
    (the test client's `login()`, shell use) have no client to lock out;
    axes would raise instead of letting ModelBackend decide.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ModelBackend(backends.ModelBackend):
    """Django's username-and-password backend; the signed-in user comes with their roles.

    Loading the user is the one query every request makes for the person, so
    it also says which roles they hold (user_with_roles_get) instead of
    leaving the page layout to ask for their groups separately.
    """

    def get_user(self, user_id):
        user = user_with_roles_get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
