"""The content blocks of a lesson. Each type renders through its own template."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from polymorphic.models import PolymorphicModel

from ..uploads import validate_media_file
from .fields import MarkdownField


class ContentBlock(PolymorphicModel):
    """One block of a lesson. Each subclass renders through its own template."""

    lesson = models.ForeignKey(
        "courses.Lesson", verbose_name=_("lektion"), on_delete=models.CASCADE, related_name="blocks"
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    is_archived = models.BooleanField(_("arkiverat"), default=False)
    # The same across a course's versions (see Step.uid).
    uid = models.UUIDField(_("identitet"), default=uuid.uuid4, editable=False, db_index=True)

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
        return self.lesson.progress.exists()

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
