"""Administrators look up issued certificates, revoke or reinstate them and correct names.

Issued certificates are never edited as rows: every change goes through a
service that logs who, when and why. Who may do what is certificates/policies.py;
every page here (list, record, log, "view on site", the three actions) asks it.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.policies import PolicyAdminMixin

from . import services
from .codes import code_normalize
from .forms import ReasonForm, RenameForm, RevokeForm
from .models import Certificate, CertificateEvent
from .policies import certificate_policy


class CertificateEventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor_name", "reason", "old_value", "new_value"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Logg")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The log is part of the certificate's record (`obj` is the certificate).
        return certificate_policy.user_can(request.user, "view", obj)


class RevokedFilter(admin.SimpleListFilter):
    title = gettext_lazy("återkallat")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("yes", _("Återkallade")), ("no", _("Inte återkallade"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.revoked()
        if self.value() == "no":
            return queryset.filter(revoked_at__isnull=True)
        return queryset


@admin.register(Certificate)
class CertificateAdmin(PolicyAdminMixin, admin.ModelAdmin):
    list_display = [
        "display_code",
        "holder_name",
        "course_title",
        "course_version",
        "completed_on",
        "expires_on",
        "status_display",
    ]
    list_filter = [RevokedFilter, "course", "completed_on"]
    search_fields = ["holder_name", "course_title", "user__username", "user__email"]
    list_select_related = ["course"]
    date_hierarchy = "completed_on"
    inlines = [CertificateEventInline]
    fields = [
        "display_code",
        "holder_name",
        "user",
        "course_title",
        "course_version",
        "modules",
        "estimated_hours",
        "issuer_name",
        "completed_on",
        "issued_at",
        "expires_on",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
        "enrollment",
    ]
    readonly_fields = fields
    change_form_template = "admin/certificates/certificate/change_form.html"

    @admin.display(description=gettext_lazy("verifieringskod"), ordering="code")
    def display_code(self, obj):
        return obj.display_code

    @admin.display(description=gettext_lazy("status"))
    def status_display(self, obj):
        return obj.status_label

    # The policy's "view" (administrators) opens the list and the records; nobody
    # adds, edits or deletes rows (no policy action for those).
    policy_actions = {"view": "view"}

    def get_search_results(self, request, queryset, search_term):
        """A verification code, typed any tolerated way, finds its certificate."""
        code = code_normalize(search_term)
        if code is not None:
            return queryset.filter(code=code), False
        return super().get_search_results(request, queryset, search_term)

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/aterkalla/",
                self.admin_site.admin_view(self.revoke_view),
                name="certificates_certificate_revoke",
            ),
            path(
                "<int:object_id>/aterstall/",
                self.admin_site.admin_view(self.reinstate_view),
                name="certificates_certificate_reinstate",
            ),
            path(
                "<int:object_id>/ratta-namn/",
                self.admin_site.admin_view(self.rename_view),
                name="certificates_certificate_rename",
            ),
        ]
        return own + super().get_urls()

    def revoke_view(self, request, object_id):
        return self._action_view(
            request,
            object_id,
            action="revoke",
            form_class=RevokeForm,
            title=_("Återkalla certifikat"),
            intro=_(
                "Ett återkallat certifikat visas som återkallat på verifieringssidan från och "
                "med nu, och innehavaren kan inte längre ladda ner det. Innehavaren får ett "
                "e-postmeddelande med typen av skäl."
            ),
            button=_("Återkalla"),
            perform=lambda certificate, data: services.certificate_revoke(
                certificate=certificate,
                by=request.user,
                reason=data["reason"],
                category=data["category"],
            ),
            done=_("Certifikatet är återkallat."),
        )

    def reinstate_view(self, request, object_id):
        return self._action_view(
            request,
            object_id,
            action="reinstate",
            form_class=ReasonForm,
            title=_("Återställ certifikat"),
            intro=_("Certifikatet blir giltigt igen enligt sina egna datum."),
            button=_("Återställ"),
            perform=lambda certificate, data: services.certificate_reinstate(
                certificate=certificate, by=request.user, reason=data["reason"]
            ),
            done=_("Certifikatet är återställt."),
        )

    def rename_view(self, request, object_id):
        return self._action_view(
            request,
            object_id,
            action="rename",
            form_class=RenameForm,
            title=_("Rätta namnet på certifikatet"),
            intro=_(
                "Koden och datumen behålls. PDF-filen skapas på nytt med det rättade namnet, "
                "och det gamla namnet sparas i loggen."
            ),
            button=_("Spara rättat namn"),
            perform=lambda certificate, data: services.certificate_rename(
                certificate=certificate,
                holder_name=data["holder_name"],
                by=request.user,
                reason=data["reason"],
            ),
            done=_("Namnet är rättat och PDF-filen är skapad på nytt."),
            initial=lambda certificate: {"holder_name": certificate.holder_name},
        )

    def _action_view(
        self,
        request,
        object_id,
        *,
        action,
        form_class,
        title,
        intro,
        button,
        perform,
        done,
        initial=None,
    ):
        if not certificate_policy.user_can(request.user, action):
            raise PermissionDenied
        certificate = get_object_or_404(Certificate, pk=object_id)
        if not certificate_policy.user_can(request.user, action, certificate):
            raise PermissionDenied
        change_url = reverse("admin:certificates_certificate_change", args=[certificate.pk])
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                perform(certificate, form.cleaned_data)
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        else:
            form = form_class(initial=initial(certificate) if initial else None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": certificate,
            "title": title,
            "intro": intro,
            "button": button,
            "form": form,
            "change_url": change_url,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/certificates/certificate/action.html", context, status=status
        )
