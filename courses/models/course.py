"""A course, its modules and steps (a lesson here; quizzes in `quizzes`), and its versions."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from polymorphic.models import PolymorphicModel

from common.hot import rows_where

from .fields import MarkdownField


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publicerad")
    ARCHIVED = "archived", _("Arkiverad")


class CourseRevision(models.TextChoices):
    """What a course row is: the course itself, or a revision of another course's content."""

    NONE = "", _("Kursen")
    # The trainer's working copy of a published course; learners never see it.
    DRAFT = "draft", _("Utkast till ny version")
    # The content a published course had before a draft replaced it; kept for
    # learners' records (progress on removed steps, the questions of old attempts).
    RETIRED = "retired", _("Tidigare version")


class CourseOrder(models.TextChoices):
    SEQUENTIAL = "sequential", _("I tur och ordning")
    FREE = "free", _("Fri ordning")


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CourseStatus.PUBLISHED)

    def published_by_title(self) -> list:
        """The published courses in title order (the rule of `published`, as one indexed
        lookup without the ORM's query building: see common.hot)."""
        return rows_where(Course, "status = %s ORDER BY title", [CourseStatus.PUBLISHED])

    def published_by_slug(self, slug: str):
        """The published course with this slug, or None (the rule of `published`, as one
        indexed lookup without the ORM's query building: see common.hot)."""
        found = rows_where(Course, "slug = %s AND status = %s", [slug, CourseStatus.PUBLISHED])
        return found[0] if found else None

    def not_retired(self):
        """Courses and their drafts: what a trainer may edit or copy content into."""
        return self.exclude(revision_kind=CourseRevision.RETIRED)


class Course(models.Model):
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    summary = MarkdownField(_("sammanfattning"), blank=True)
    audience = models.CharField(_("målgrupp"), max_length=300, blank=True)
    language = models.CharField(_("språk"), max_length=10, default="sv")
    estimated_minutes = models.PositiveIntegerField(_("beräknad tid (minuter)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    order = models.CharField(
        _("ordning"), max_length=20, choices=CourseOrder.choices, default=CourseOrder.SEQUENTIAL
    )
    certificate_validity_months = models.PositiveIntegerField(
        _("certifikatets giltighet (månader)"),
        null=True,
        blank=True,
        help_text=_("Tomt betyder att certifikatet inte går ut."),
    )
    content_note = MarkdownField(
        _("innehållsvarning"),
        blank=True,
        help_text=_("Visas när en deltagare börjar kursen."),
    )
    # A draft or retired revision of another course (courses/revisions.py); empty for a course.
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="revisions",
        verbose_name=_("revision av"),
    )
    revision_kind = models.CharField(
        _("revision"),
        max_length=10,
        choices=CourseRevision.choices,
        default=CourseRevision.NONE,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("kurs")
        verbose_name_plural = _("kurser")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revision_of__isnull=True, revision_kind="")
                | (models.Q(revision_of__isnull=False) & ~models.Q(revision_kind="")),
                name="course_revision_has_kind",
            ),
            models.UniqueConstraint(
                fields=["revision_of"],
                condition=models.Q(revision_kind="draft"),
                name="one_draft_per_course",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:course", kwargs={"slug": self.slug})

    @property
    def is_sequential(self) -> bool:
        return self.order == CourseOrder.SEQUENTIAL

    def has_learner_records(self) -> bool:
        """True once anyone has started the course: it may then only be archived."""
        return self.enrollments.exists()

    @property
    def is_draft_revision(self) -> bool:
        return self.revision_kind == CourseRevision.DRAFT

    @property
    def is_retired_revision(self) -> bool:
        return self.revision_kind == CourseRevision.RETIRED


class Module(models.Model):
    course = models.ForeignKey(
        Course,
        verbose_name=_("kurs"),
        on_delete=models.CASCADE,
        related_name="modules",
        limit_choices_to=~models.Q(revision_kind=CourseRevision.RETIRED),
    )
    # The same across a course's versions: a draft copies it, so progress,
    # answers and the version diff follow the item (courses/revisions.py).
    uid = models.UUIDField(_("identitet"), default=uuid.uuid4, editable=False, db_index=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    summary = MarkdownField(_("sammanfattning"), blank=True)

    class Meta:
        verbose_name = _("modul")
        verbose_name_plural = _("moduler")
        ordering = ["course", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def has_learner_records(self) -> bool:
        """True once a learner has progress on any of its steps."""
        return self.steps.filter(progress__isnull=False).exists()


class Step(PolymorphicModel):
    """One step of a module: a lesson here, a quiz in `quizzes`.

    Each subclass owns how it is shown (`template_name`; what it adds to the
    step page is registered with `courses.steps.step_type_register`) and
    whether the learner completes it by saying so (`completed_by_learner`).
    """

    module = models.ForeignKey(
        Module,
        verbose_name=_("modul"),
        on_delete=models.CASCADE,
        related_name="steps",
        limit_choices_to=~models.Q(course__revision_kind=CourseRevision.RETIRED),
    )
    # The same across a course's versions: a draft copies it, so progress,
    # answers and the version diff follow the item (courses/revisions.py).
    uid = models.UUIDField(_("identitet"), default=uuid.uuid4, editable=False, db_index=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    estimated_minutes = models.PositiveIntegerField(_("beräknad tid (minuter)"), default=5)
    required = models.BooleanField(
        _("obligatoriskt"), default=True, help_text=_("Krävs för att slutföra kursen.")
    )
    # Archived instead of deleted once learners have records for it, so
    # their history stays intact when a trainer edits a published course.
    is_archived = models.BooleanField(_("arkiverat"), default=False)

    # The learner completes a lesson with "Klar"; a quiz only by passing it.
    completed_by_learner = True
    template_name = "courses/_step_lesson.html"
    kind_label = _("Lektion")

    class Meta:
        verbose_name = _("steg")
        verbose_name_plural = _("steg")
        ordering = ["module__position", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:step", kwargs={"slug": self.module.course.slug, "step_id": self.pk})

    def has_learner_records(self) -> bool:
        """True once any learner has progress on this step: it may then only be archived."""
        return self.progress.exists()

    def publish_problems(self) -> list[str]:
        """What stops this step from being published (empty when it is ready)."""
        return []

    def publish_warnings(self) -> list[str]:
        """What the author should look at before publishing; it does not stop publishing."""
        return []


class Lesson(Step):
    preview_template_name = "courses/preview_step_lesson.html"

    class Meta:
        verbose_name = _("lektion")
        verbose_name_plural = _("lektioner")

    def publish_problems(self) -> list[str]:
        blocks = list(self.blocks.filter(is_archived=False))
        if not blocks:
            return [str(_("lektionen har inget innehåll"))]
        return [problem for block in blocks for problem in block.publish_problems()]


class CourseVersion(models.Model):
    """One publication of a course: who published which version when, and what changed.

    Written by `course_publish`, never edited. A significant change
    ("väsentlig ändring") tells holders of certificates for earlier versions
    that repeating the course is recommended.
    """

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="versions", verbose_name=_("kurs")
    )
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("publicerad"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )
    summary = models.CharField(_("sammanfattning av ändringen"), max_length=300, blank=True)
    significant = models.BooleanField(_("väsentlig ändring"), default=False)
    # What changed since the previous version, by stable identity, computed
    # when a draft was published (courses/revisions.py `content_changes`) and
    # kept, because the earlier content may later be edited or removed.
    changes = models.JSONField(_("ändringar"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("kursversion")
        verbose_name_plural = _("kursversioner")
        ordering = ["course", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["course", "version"], name="course_version_unique"),
            models.CheckConstraint(
                condition=models.Q(significant=False) | ~models.Q(summary=""),
                name="course_version_significant_has_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} v{self.version}"
