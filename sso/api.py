"""What other apps may use from `sso` (single sign-on)."""

from .models import ExternalIdentity

__all__ = ["ExternalIdentity"]
