"""The authoring site: Django's admin, entered by role instead of by the is_staff flag.

Installed as the default admin site through `courses.admin_apps.AuthoringAdminConfig`
(`AdminConfig.default_site`), so every app registers on it with `@admin.register`.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.policies import course_policy


class AuthoringAuthenticationForm(AuthenticationForm):
    """The admin's own sign-in form, admitting by role instead of by the is_staff flag."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not course_policy.user_can(user, "author"):
            raise ValidationError(
                _("Det här kontot har inte behörighet att redigera kurser."), code="no_authoring"
            )


class AuthoringAdminSite(admin.AdminSite):
    """Trainers and administrators enter (the course policy's "author"); each model's
    admin then decides what they see. A learner or manager who happens to be staff is
    still refused: the role is the one source of truth."""

    site_header = gettext_lazy("Lärspår – redigera kurser")
    site_title = gettext_lazy("Lärspår redigering")
    index_title = gettext_lazy("Kurser och innehåll")
    site_url = "/"
    login_form = AuthoringAuthenticationForm

    def has_permission(self, request) -> bool:
        return course_policy.user_can(request.user, "author")

    def get_urls(self):
        # Django's "view on site" shortcut checks only that the user may enter the
        # admin; ours also asks the object's own model admin (a trainer must not
        # reach a certificate's verification page, and so its code, through it).
        checked = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [
            checked if getattr(url, "name", None) == "view_on_site" else url
            for url in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Redirect to an object's public page, for those who may view it here. 403/404 else."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        if model is None or not self.is_registered(model):
            raise Http404
        model_admin = self.get_model_admin(model)
        if not model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
