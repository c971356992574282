"""How the course pages are shown: to a learner, or to a trainer as a preview.

A mode chooses the URLs the pages link to and the templates they render
through, so the same outline, step page and blocks serve both without
patching model instances. A type that looks different in the preview names
its `preview_template_name` beside its `template_name`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class PageMode:
    name: str
    step_url_name: str
    course_url_name: str
    page_template: str
    # A preview shows every step open and records nothing.
    is_preview: bool
    # Discussion blocks a trainer keeps from self-paced learners are shown (preview, groups).
    shows_discussion: bool = False

    def step_url(self, course_slug: str, step_id: int) -> str:
        return reverse(self.step_url_name, args=[course_slug, step_id])

    def course_url(self, course_slug: str) -> str:
        return reverse(self.course_url_name, args=[course_slug])

    def template_for(self, obj) -> str:
        """The template `obj` (a step or a block) renders through in this mode."""
        if self.is_preview:
            return getattr(obj, "preview_template_name", "") or obj.template_name
        return obj.template_name


LEARNER = PageMode(
    name="learner",
    step_url_name="courses:step",
    course_url_name="courses:course",
    page_template="courses/step_detail.html",
    is_preview=False,
)
PREVIEW = PageMode(
    name="preview",
    step_url_name="courses:preview-step",
    course_url_name="courses:preview-course",
    page_template="courses/preview_step_detail.html",
    is_preview=True,
    shows_discussion=True,
)
# A group's shared screen (the groups app renders its own page around the blocks):
# records nothing, shows nobody's answers, and shows the discussion questions.
PRESENTATION = PageMode(
    name="presentation",
    step_url_name="courses:preview-step",
    course_url_name="courses:preview-course",
    page_template="courses/preview_step_detail.html",
    is_preview=True,
    shows_discussion=True,
)
