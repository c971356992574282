from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class AccountPasswordResetForm(PasswordResetForm):
    """Password reset that also reaches accounts created without a password.

    People imported from the HR file get no usable password; this link is
    how they choose their first one. Django's form skips such accounts.
    """

    def get_users(self, email):
        user_model = get_user_model()
        email_field = user_model.get_email_field_name()
        return user_model._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )


class LoginForm(AuthenticationForm):
    """Sign-in with a "public computer" choice: then the session ends when the browser closes."""

    public_computer = forms.BooleanField(
        required=False,
        label=_("Offentlig dator – logga ut mig när webbläsaren stängs"),
        help_text=_("Välj detta på en dator som andra också använder."),
    )


class TwoFactorCodeForm(forms.Form):
    """The second step: a six-digit code from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Kod"),
        max_length=32,
        strip=True,
        error_messages={"required": _("Skriv koden.")},
    )
