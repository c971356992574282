"""Local development: DEBUG on unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
if DEBUG:
    # Plain http on 127.0.0.1: no HTTPS redirect, no secure-only cookies.
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
    SECURE_HSTS_SECONDS = 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = False
