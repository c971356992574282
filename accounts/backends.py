from axes.backends import AxesStandaloneBackend


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
