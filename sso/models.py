from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    """A person's account at an identity provider, linked to their Lärspår account.

    The provider's subject (`sub`) never changes for a person, while their
    e-mail or employee id may; after the first sign-in the link, not the
    matching rule, finds the account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    issuer = models.CharField(_("identitetsleverantör"), max_length=300)
    subject = models.CharField(_("identitet hos leverantören"), max_length=255)
    linked_at = models.DateTimeField(_("kopplad"))
    last_sign_in_at = models.DateTimeField(_("senaste inloggning"))

    class Meta:
        verbose_name = _("extern identitet")
        verbose_name_plural = _("externa identiteter")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="sso_identity_unique_issuer_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
