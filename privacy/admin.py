"""The erase action on the user admin.

Defined here, not in accounts/admin.py, because accounts is the bottom layer
and must not import privacy: this app re-registers the user admin as a
subclass with one more action (privacy comes after accounts in INSTALLED_APPS).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from accounts.api import User

from .services import person_erase


class PrivacyUserAdmin(UserAdmin):
    actions = [*UserAdmin.actions, "erase"]

    @admin.action(description=_("Radera personuppgifter för valda användare"))
    def erase(self, request, queryset):
        """Ask for confirmation first; on the confirming POST erase each person."""
        if not request.user.is_administrator:
            raise PermissionDenied
        people = list(queryset.exclude(pk=request.user.pk))
        if request.POST.get("post") == "yes":
            for person in people:
                person_erase(user=person, by=request.user, request=request)
            self.message_user(
                request,
                _("Personuppgifterna är raderade. Kursresultaten finns kvar utan namn."),
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "privacy/admin/person_erase_confirm.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Radera personuppgifter?"),
                "people": people,
                "queryset": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


admin.site.unregister(User)
admin.site.register(User, PrivacyUserAdmin)
