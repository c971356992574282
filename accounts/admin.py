from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.jobs import job_status
from common.policies import PolicyAdminMixin

from .models import OrgUnit, ProfessionalGroup, Role, User, UserImport
from .policies import user_policy
from .services import (
    UserImportFileError,
    org_unit_create,
    org_unit_move,
    role_permissions_change_record,
    role_permissions_snapshot,
    two_factor_reset,
    user_access_change_record,
    user_access_snapshot,
    user_deactivate,
    user_import_is_large,
    user_import_request,
    users_import,
    users_import_audit,
)


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "parent"]

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        unit = self.instance
        if parent is not None and unit.pk and parent.path.startswith(unit.path):
            raise ValidationError(_("En enhet kan inte ligga under sig själv."))
        return parent


@admin.register(OrgUnit)
class OrgUnitAdmin(PolicyAdminMixin, admin.ModelAdmin):
    form = OrgUnitForm
    policy_actions = {action: action for action in ("view", "add", "change", "delete")}
    list_display = ["indented_name", "code", "parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]

    @admin.display(description=_("namn"), ordering="path")
    def indented_name(self, unit: OrgUnit) -> str:
        return "— " * unit.depth + unit.name

    @transaction.atomic
    def save_model(self, request, obj: OrgUnit, form, change):
        # The materialised path is kept by the services, never by plain saves.
        if not change:
            created = org_unit_create(code=obj.code, name=obj.name, parent=obj.parent)
            obj.pk, obj.path = created.pk, created.path
            return
        old_parent_id = OrgUnit.objects.values_list("parent_id", flat=True).get(pk=obj.pk)
        OrgUnit.objects.filter(pk=obj.pk).update(code=obj.code, name=obj.name)
        if obj.parent_id != old_parent_id:
            moved = org_unit_move(unit=OrgUnit.objects.get(pk=obj.pk), parent=obj.parent)
            obj.path = moved.path


def role_label(group_name: str) -> str:
    """A role group's name as people read it ("Utbildare"); the stored name is a key ("trainer")."""
    return str(Role(group_name).label) if group_name in Role.values else group_name


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return role_label(obj.name)


class RoleListFilter(admin.SimpleListFilter):
    title = _("roll")
    parameter_name = "roll"

    def lookups(self, request, model_admin):
        return [(group.pk, role_label(group.name)) for group in Group.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(groups__pk=self.value())
        return queryset


class UserImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil från HR"),
        help_text=_(
            "Kolumner: anställningsnummer, namn, e-post, enhetskod, yrkesgrupp "
            "(rubrikrad först; komma eller semikolon)."
        ),
    )
    all_or_nothing = forms.BooleanField(
        label=_("Importera ingenting om någon rad har fel"), required=False
    )


@admin.register(User)
class UserAdmin(PolicyAdminMixin, BaseUserAdmin):
    policy_actions = {action: action for action in ("view", "add", "change", "delete")}
    list_display = [
        "username",
        "first_name",
        "last_name",
        "employee_id",
        "unit",
        "professional_group",
        "is_active",
    ]
    list_filter = ["is_active", RoleListFilter, "unit"]
    list_select_related = ["unit"]
    search_fields = ["username", "first_name", "last_name", "email", "employee_id"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["groups", "user_permissions", "managed_units"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Organisation"),
            {"fields": ("employee_id", "unit", "professional_group", "managed_units")},
        ),
    )
    actions = ["deactivate", "reset_two_factor"]
    change_list_template = "accounts/admin/user_change_list.html"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["form_class"] = RoleChoiceField
            kwargs.setdefault("label", _("roller"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(
        description=_("Inaktivera valda användare (certifikaten går fortfarande att verifiera)")
    )
    def deactivate(self, request, queryset):
        for user in queryset:
            user_deactivate(user=user)
        self.message_user(request, _("Användarna är inaktiverade."), messages.SUCCESS)

    @admin.action(
        description=_(
            "Återställ tvåstegsverifiering för valda användare (tappad telefon; "
            "de ställer in den igen vid nästa inloggning)"
        )
    )
    def reset_two_factor(self, request, queryset):
        if not user_policy.user_can(request.user, "change"):
            raise PermissionDenied
        for user in queryset:
            two_factor_reset(user=user, by=request.user, request=request)
        self.message_user(
            request, _("Tvåstegsverifieringen är återställd för de valda."), messages.SUCCESS
        )

    def save_model(self, request, obj, form, change):
        # Access as stored before this save; compared in save_related, once the
        # roles (groups), permissions and managed units are saved too. The
        # admin runs both in one transaction.
        request._larspar_access_before = user_access_snapshot(obj if change else None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_larspar_access_before", user_access_snapshot(None))
        user_access_change_record(user=form.instance, before=before, request=request)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="accounts_user_import",
            ),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(never_cache(self.import_status_view)),
                name="accounts_user_import_status",
            ),
            path(
                "import/<int:pk>/status.json",
                self.admin_site.admin_view(never_cache(self.import_status_json)),
                name="accounts_user_import_status_json",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not user_policy.user_can(request.user, "import"):
            raise PermissionDenied
        report, file_error = None, None
        form = UserImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["file"].read()
            if user_import_is_large(data):
                # Thousands of rows: the task worker imports them; the status page follows it.
                job = user_import_request(
                    requester=request.user,
                    data=data,
                    filename=form.cleaned_data["file"].name,
                    all_or_nothing=form.cleaned_data["all_or_nothing"],
                )
                return redirect("admin:accounts_user_import_status", pk=job.pk)
            try:
                report = users_import(data=data, all_or_nothing=form.cleaned_data["all_or_nothing"])
            except UserImportFileError as exc:
                file_error = str(exc)
            else:
                users_import_audit(
                    report=report, request=request, filename=form.cleaned_data["file"].name
                )
        status = 400 if file_error or (report and report.errors) else 200
        if request.method == "POST" and not form.is_valid():
            status = 400
        return TemplateResponse(
            request,
            "accounts/admin/user_import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Importera personal från CSV"),
                "form": form,
                "report": report,
                "file_error": file_error,
            },
            status=status,
        )

    def _own_import(self, request, pk) -> UserImport:
        """The import, for the administrator who started it only (others: 403 or 404)."""
        if not user_policy.user_can(request.user, "import"):
            raise PermissionDenied
        return get_object_or_404(UserImport, pk=pk, requester=request.user)

    def import_status_view(self, request, pk):
        """A large import's progress, then its report ("Rad N: …" for every bad row)."""
        job = self._own_import(request, pk)
        return TemplateResponse(
            request,
            "accounts/admin/user_import_status.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Import av personal: %(file)s") % {"file": job.filename},
                "job": job,
                "status": job_status(job),
                "status_url": reverse("admin:accounts_user_import_status_json", args=[pk]),
                "refresh_url": request.path,
            },
        )

    def import_status_json(self, request, pk):
        """The status for the page's script; when done it links to the page with the report."""
        job = self._own_import(request, pk)
        url = reverse("admin:accounts_user_import_status", args=[pk])
        return JsonResponse(job_status(job, download_url=url))


@admin.register(ProfessionalGroup)
class ProfessionalGroupAdmin(admin.ModelAdmin):
    """The list requirements choose from; the HR import adds the groups it meets."""

    list_display = ["name"]
    search_fields = ["name"]
    fields = ["name"]


class AuditedGroupAdmin(BaseGroupAdmin):
    """Django's role (group) admin; changes to a role's permissions are logged.

    Roles are shown by their Swedish names; the group's stored name is the key
    the code checks (`Role`), so it is not edited here for the built-in roles.
    """

    list_display = ["role_name"]

    @admin.display(description=_("roll"), ordering="name")
    def role_name(self, group: Group) -> str:
        return role_label(group.name)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        group = self.get_object(request, object_id)
        if group is not None:
            extra_context = {
                **(extra_context or {}),
                "title": _("Ändra rollen %(role)s") % {"role": role_label(group.name)},
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        request._larspar_role_before = role_permissions_snapshot(obj if change else None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        role_permissions_change_record(
            group=form.instance,
            before=getattr(request, "_larspar_role_before", []),
            request=request,
        )


if admin.site.is_registered(Group):
    admin.site.unregister(Group)
admin.site.register(Group, AuditedGroupAdmin)
# Devices are set up by their owner and reset with the user action above; the
# plugins' own admins would show other people's secret keys.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
