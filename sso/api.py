"""What other apps may use from `sso` (single sign-on)."""

from .models import ExternalIdentity
from .services import sso_identities_unlink

__all__ = ["ExternalIdentity", "sso_identities_unlink"]
