"""Production: DEBUG off and HTTPS settings on (see base.py); SECRET_KEY must be set."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
if not os.environ.get("SECRET_KEY") or os.environ["SECRET_KEY"].startswith("dev-only"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")

# Persistent connections (DB_CONN_MAX_AGE, base.py) are health-checked before
# reuse in each request, always in production: after a database restart no
# request fails on a connection the database has dropped.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Two-factor sign-in is required of administrators and trainers in production.
if not LARSPAR_TWO_FACTOR_REQUIRED:  # noqa: F405
    raise ImproperlyConfigured("LARSPAR_TWO_FACTOR_REQUIRED cannot be turned off in production.")
