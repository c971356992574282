"""What makes the authoring admin read as one tool: every item is named by its course.

- drop-downs name a module or a step by its path ("Våld i nära relationer ›
  Modul 5 › Slutprov"), fetched in one query however many options;
- breadcrumbs lead from a module, step, block or question back to its course;
- the course page is the trainer's home (`course_home_context`);
- adding a step, block or question starts with a chooser that says what is
  chosen and what its button does.

Public for quizzes/admin.py through this package's __init__.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from ..models import Course, Module, Step
from ..selectors import course_authoring_outline_get

SEPARATOR = " › "


def module_label(module: Module) -> str:
    """ "Kurs › Modul"; the module's course must be fetched with it (select_related)."""
    return f"{module.course.title}{SEPARATOR}{module.title}"


def step_label(step: Step) -> str:
    """ "Kurs › Modul › Steg"; fetch the step with `module__course`."""
    return f"{module_label(step.module)}{SEPARATOR}{step.title}"


class ModuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Module) -> str:
        return module_label(obj)


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Step) -> str:
        return step_label(obj)


def _change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def course_trail(obj) -> list[tuple[str, str]]:
    """The breadcrumbs from the course list down to `obj` (a course, module or step), linked."""
    if isinstance(obj, Course):
        changelist = reverse("admin:courses_course_changelist")
        return [
            (capfirst(Course._meta.verbose_name_plural), changelist),
            (obj.title, _change_url(obj)),
        ]
    if isinstance(obj, Module):
        return [*course_trail(obj.course), (obj.title, _change_url(obj))]
    if isinstance(obj, Step):
        # The step's own type's page (a lesson's or a quiz's), not the generic step page.
        real = obj.get_real_instance_class()
        url = reverse(f"admin:{real._meta.app_label}_{real._meta.model_name}_change", args=[obj.pk])
        return [*course_trail(obj.module), (obj.title, url)]
    return []


class CoursePathMixin:
    """Model admins whose items live under a course: path choices and breadcrumbs.

    `trail_parent` names the foreign key to the item's parent ("course",
    "module", "lesson", "quiz"); on an add page the parent comes from the
    query string (`?module=3`), as the "Lägg till …" links pass it.
    """

    trail_parent: str = ""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        target = db_field.related_model
        if issubclass(target, Module):
            kwargs.setdefault(
                "queryset",
                target.objects.select_related("course").order_by(
                    "course__title", "course_id", "position", "pk"
                ),
            )
            kwargs["form_class"] = ModuleChoiceField
        elif issubclass(target, Step):
            # non_polymorphic: the labels need only the base fields, and no
            # query per step type.
            kwargs.setdefault(
                "queryset",
                target.objects.non_polymorphic()
                .select_related("module__course")
                .order_by(
                    "module__course__title",
                    "module__course_id",
                    "module__position",
                    "position",
                    "pk",
                ),
            )
            kwargs["form_class"] = StepChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("Plats i kursen"))
    def place(self, obj) -> str:
        """The parent's path, for lists (fetch it with `list_select_related`)."""
        parent = getattr(obj, self.trail_parent)
        return step_label(parent) if isinstance(parent, Step) else module_label(parent)

    def trail_parent_of(self, request, obj=None):
        """The object the breadcrumbs lead through (None when unknown)."""
        if not self.trail_parent:
            return None
        if obj is not None and obj.pk is not None:
            return getattr(obj, self.trail_parent)
        field = self.model._meta.get_field(self.trail_parent)
        raw = request.GET.get(self.trail_parent, "")
        if not raw.isdigit():
            return None
        related = field.related_model
        manager = (
            related.objects.non_polymorphic()
            if hasattr(related.objects, "non_polymorphic")
            else related.objects
        )
        return manager.select_related(*_path_of(related)).filter(pk=raw).first()

    def authoring_trail(self, request, obj=None) -> list[tuple[str, str]]:
        parent = self.trail_parent_of(request, obj)
        return course_trail(parent) if parent is not None else []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.setdefault("authoring_trail", self.authoring_trail(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)


def _path_of(model) -> tuple[str, ...]:
    if issubclass(model, Module):
        return ("course",)
    if issubclass(model, Step):
        return ("module__course",)
    return ()


class TypeChooserMixin(CoursePathMixin):
    """The polymorphic "add" page: a titled choice of type and a button that says what it does."""

    add_type_template = "admin/courses/add_type_form.html"
    add_type_title = gettext_lazy("Lägg till: välj typ")
    add_type_label = gettext_lazy("Typ")
    add_type_submit = gettext_lazy("Fortsätt med vald typ")

    def get_child_type_choices(self, request, action):
        return [
            (ct, capfirst(name)) for ct, name in super().get_child_type_choices(request, action)
        ]

    def render_add_type_form(self, request, context, form_url=""):
        context["title"] = self.add_type_title
        context["adminform"].form.fields["ct_id"].label = self.add_type_label
        context["add_type_submit"] = self.add_type_submit
        context["authoring_trail"] = self.authoring_trail(request)
        return super().render_add_type_form(request, context, form_url)


def course_home_context(course: Course) -> dict:
    """The course page as the trainer's home: status, version, last change and the structure.

    Each module and step links to its own edit page; the step's type comes
    from the content-type cache, so the page costs the same however many
    step types there are.
    """
    modules = course_authoring_outline_get(course=course)
    outline = []
    for module in modules:
        steps = []
        for step in module.step_list:
            model = ContentType.objects.get_for_id(step.polymorphic_ctype_id).model_class()
            opts = model._meta
            steps.append(
                {
                    "title": step.title,
                    "kind": capfirst(opts.verbose_name),
                    "required": step.required,
                    "archived": step.is_archived,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change", args=[step.pk]
                    ),
                }
            )
        outline.append(
            {
                "title": module.title,
                "url": _change_url(module),
                "steps": steps,
                "add_step_url": reverse("admin:courses_step_add") + f"?module={module.pk}",
            }
        )
    return {
        "course": course,
        "last_version": course.versions.select_related("published_by").first(),
        "outline": outline,
        "preview_url": reverse("courses:preview-course", args=[course.slug]),
        "publish_url": reverse("admin:courses_course_publish", args=[course.pk]),
    }
