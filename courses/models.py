from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from polymorphic.models import PolymorphicModel

from common.html import markdown_problems

from .uploads import validate_media_file


def validate_markdown(text: str) -> None:
    """Refuse authored text whose markup the allow-list would remove."""
    problems = markdown_problems(text)
    if problems:
        raise ValidationError(
            _("Texten innehåller markering som inte är tillåten och skulle tas bort: %(what)s."),
            params={"what": ", ".join(problems)},
            code="markup",
        )


class MarkdownField(models.TextField):
    """Authored Markdown; checked against the sanitiser's allow-list when saved via forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("Markdown: **fet**, *kursiv*, listor, [länk](https://…)."))
        super().__init__(*args, **kwargs)
        self.validators.append(validate_markdown)


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publicerad")
    ARCHIVED = "archived", _("Arkiverad")


class CourseOrder(models.TextChoices):
    SEQUENTIAL = "sequential", _("I tur och ordning")
    FREE = "free", _("Fri ordning")


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CourseStatus.PUBLISHED)


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("kurs")
        verbose_name_plural = _("kurser")
        ordering = ["title"]

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


class Module(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("kurs"), on_delete=models.CASCADE, related_name="modules"
    )
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
        return StepProgress.objects.filter(step__module=self).exists()


class Step(PolymorphicModel):
    """One step of a module: a lesson here, a quiz in `quizzes`.

    Each subclass owns how it is shown (`template_name`; what it adds to the
    step page is registered with `courses.steps.step_type_register`) and
    whether the learner completes it by saying so (`completed_by_learner`).
    """

    module = models.ForeignKey(
        Module, verbose_name=_("modul"), on_delete=models.CASCADE, related_name="steps"
    )
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
        blocks = list(ContentBlock.objects.filter(lesson=self, is_archived=False))
        if not blocks:
            return [str(_("lektionen har inget innehåll"))]
        return [problem for block in blocks for problem in block.publish_problems()]


class ContentBlock(PolymorphicModel):
    """One block of a lesson. Each subclass renders through its own template."""

    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lektion"), on_delete=models.CASCADE, related_name="blocks"
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    is_archived = models.BooleanField(_("arkiverat"), default=False)

    template_name = ""
    # A block that shows the learner's own data (and a form) is rendered per
    # request; the others are rendered once per course version (courses/pages.py).
    is_personal = False

    class Meta:
        verbose_name = _("innehållsblock")
        verbose_name_plural = _("innehållsblock")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.position}"

    def has_learner_records(self) -> bool:
        """True once a learner has opened the lesson: the block is part of their history."""
        return StepProgress.objects.filter(step_id=self.lesson_id).exists()

    def publish_problems(self) -> list[str]:
        """What stops this block from being published (empty when it is ready)."""
        return []

    def visible_in(self, mode) -> bool:
        """True if the block is shown in `mode` (a `courses.modes.PageMode`)."""
        return True


class TextBlock(ContentBlock):
    body = MarkdownField(_("text"))

    template_name = "courses/blocks/text.html"

    class Meta:
        verbose_name = _("textblock")
        verbose_name_plural = _("textblock")


IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "gif", "webp"]


class ImageBlock(ContentBlock):
    image = models.ImageField(
        _("bild"),
        upload_to="course-media/images/",
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS), validate_media_file],
    )
    alt = models.CharField(
        _("alternativtext"),
        max_length=500,
        help_text=_("Beskriv vad bilden visar för den som inte ser den. Krävs."),
    )
    caption = MarkdownField(_("bildtext"), blank=True)

    template_name = "courses/blocks/image.html"

    class Meta:
        verbose_name = _("bild")
        verbose_name_plural = _("bilder")
        constraints = [
            models.CheckConstraint(condition=~models.Q(alt=""), name="imageblock_alt_required")
        ]

    def publish_problems(self) -> list[str]:
        if not self.alt.strip():
            return [str(_("en bild saknar alternativtext"))]
        return []


class VideoBlock(ContentBlock):
    title = models.CharField(_("titel"), max_length=200)
    video_file = models.FileField(
        _("videofil"),
        upload_to="course-media/video/",
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm"]), validate_media_file],
    )
    # Only http(s) is ever shown (`safe_url`), so only http(s) is accepted: the admin form
    # and the course-file import both run this validator.
    url = models.URLField(
        _("videoadress"), blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    captions = models.FileField(
        _("undertexter (WebVTT)"),
        upload_to="course-media/captions/",
        validators=[FileExtensionValidator(["vtt"]), validate_media_file],
        help_text=_("Krävs: en WebVTT-fil med undertexter."),
    )
    transcript = MarkdownField(_("textversion"), blank=True)

    template_name = "courses/blocks/video.html"

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videor")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(captions=""), name="videoblock_captions_required"
            ),
            models.CheckConstraint(
                condition=~(models.Q(video_file="") & models.Q(url="")),
                name="videoblock_file_or_url",
            ),
        ]

    def clean(self):
        if not self.video_file and not self.url:
            raise ValidationError(_("Ange en videofil eller en videoadress."))

    @property
    def safe_url(self) -> str:
        """The video address if it is http(s); a row written past form validation gets none."""
        return self.url if self.url.lower().startswith(("https://", "http://")) else ""

    def publish_problems(self) -> list[str]:
        if not self.captions:
            return [str(_("videon ”%(title)s” saknar undertexter") % {"title": self.title})]
        return []


class CaseBlock(ContentBlock):
    title = models.CharField(_("rubrik"), max_length=200)
    body = MarkdownField(_("fallbeskrivning"))

    template_name = "courses/blocks/case.html"

    class Meta:
        verbose_name = _("fall")
        verbose_name_plural = _("fall")


class ReflectionBlock(ContentBlock):
    prompt = MarkdownField(_("reflektionsfråga"))

    template_name = "courses/blocks/reflection.html"
    is_personal = True
    # The preview shows the prompt with a disabled field: nothing can be saved.
    preview_template_name = "courses/preview_block_reflection.html"

    class Meta:
        verbose_name = _("reflektion")
        verbose_name_plural = _("reflektioner")

    def has_learner_records(self) -> bool:
        return self.answers.exists() or super().has_learner_records()


class FactVariant(models.TextChoices):
    FACT = "fact", _("Fakta")
    SUPPORT = "support", _("Stöd")


class FactBlock(ContentBlock):
    variant = models.CharField(
        _("sort"), max_length=20, choices=FactVariant.choices, default=FactVariant.FACT
    )
    title = models.CharField(_("rubrik"), max_length=200)
    body = MarkdownField(_("text"))

    template_name = "courses/blocks/fact.html"

    class Meta:
        verbose_name = _("faktaruta")
        verbose_name_plural = _("faktarutor")


DOWNLOAD_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv"]


class DownloadBlock(ContentBlock):
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(
        _("fil"),
        upload_to="course-media/downloads/",
        validators=[FileExtensionValidator(DOWNLOAD_EXTENSIONS), validate_media_file],
    )
    description = models.CharField(_("beskrivning"), max_length=500, blank=True)

    template_name = "courses/blocks/download.html"

    class Meta:
        verbose_name = _("nedladdning")
        verbose_name_plural = _("nedladdningar")


class SourcesBlock(ContentBlock):
    """The "Källor" list every lesson ends with; one Markdown source per line."""

    items = MarkdownField(_("källor"), help_text=_("En källa per rad (Markdown)."))

    template_name = "courses/blocks/sources.html"

    class Meta:
        verbose_name = _("källor")
        verbose_name_plural = _("källor")

    @property
    def item_list(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class DiscussionBlock(ContentBlock):
    """Questions for a group to discuss, with their aim and guidance for the facilitator.

    Shown in a group's presentation mode and to trainers; a self-paced learner
    sees it only if the trainer says so (`show_to_learners`). The guidance is
    for the facilitator's own screen, never the shared one.
    """

    questions = MarkdownField(_("diskussionsfrågor"), help_text=_("En fråga per punkt i en lista."))
    aim = MarkdownField(_("syfte"), blank=True)
    guidance = MarkdownField(
        _("vägledning för samtalsledaren"),
        blank=True,
        help_text=_("Visas bara för samtalsledaren, inte på den delade skärmen."),
    )
    show_to_learners = models.BooleanField(
        _("visa för deltagare som läser på egen hand"), default=False
    )

    template_name = "courses/blocks/discussion.html"

    class Meta:
        verbose_name = _("diskussionsfrågor")
        verbose_name_plural = _("diskussionsfrågor")

    def visible_in(self, mode) -> bool:
        return self.show_to_learners or mode.shows_discussion


class ReflectionAnswer(models.Model):
    """A learner's private answer to a reflection prompt. Shown to nobody else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflection_answers"
    )
    block = models.ForeignKey(ReflectionBlock, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("ditt svar"), max_length=10_000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflektionssvar")
        verbose_name_plural = _("reflektionssvar")
        constraints = [
            models.UniqueConstraint(fields=["user", "block"], name="one_reflection_answer")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.block_id}"


class EnrollmentQuerySet(models.QuerySet):
    def current_for(self, user, course):
        """The learner's latest round of the course, or None."""
        return self.filter(user=user, course=course).order_by("-round").first()


class Enrollment(models.Model):
    """One round of one learner through one course.

    Re-certification starts a new round; the earlier round's progress rows
    stay as they were.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments")
    round = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The course version the learner started; certificates record the version completed.
    course_version = models.PositiveIntegerField(default=0)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("kursdeltagande")
        verbose_name_plural = _("kursdeltaganden")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "round"], name="one_enrollment_per_round"
            )
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.course} ({self.round})"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class StepStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Påbörjad")
    COMPLETED = "completed", _("Klar")


class StepProgress(models.Model):
    """A learner's progress on one step in one round: the source of "continue" and reports."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        max_length=20, choices=StepStatus.choices, default=StepStatus.IN_PROGRESS
    )
    first_visited_at = models.DateTimeField()
    last_visited_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    time_spent = models.DurationField(default=timedelta)

    class Meta:
        verbose_name = _("stegframsteg")
        verbose_name_plural = _("stegframsteg")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step"], name="one_progress_per_step"),
            models.CheckConstraint(
                condition=models.Q(status="in_progress", completed_at__isnull=True)
                | models.Q(status="completed", completed_at__isnull=False),
                name="completed_progress_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}/{self.step_id}: {self.status}"

    @property
    def is_completed(self) -> bool:
        return self.status == StepStatus.COMPLETED


class CourseRequirement(models.Model):
    """A course that staff of a unit (and the units below it) and/or a professional group must take.

    With both a unit and a professional group set, it applies to that group within the unit.
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="requirements")
    unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="course_requirements",
    )
    professional_group = models.CharField(_("yrkesgrupp"), max_length=100, blank=True)
    due_date = models.DateField(_("klar senast"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("obligatorisk kurs")
        verbose_name_plural = _("obligatoriska kurser")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | ~models.Q(professional_group=""),
                name="requirement_has_target",
            ),
            models.UniqueConstraint(
                fields=["course", "unit", "professional_group"], name="one_requirement_per_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} – {self.unit or self.professional_group} ({self.due_date})"


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
