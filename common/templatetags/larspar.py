from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html

from common.html import DEFAULT_TOP_LEVEL, markdown_to_html

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, top_level: int = DEFAULT_TOP_LEVEL):
    """Render authored Markdown through the project's one sanitiser.

    `{{ body|markdown }}` puts the author's highest heading at h2 (text
    directly under the page's h1); inside a block with its own h2 write
    `{{ body|markdown:3 }}`.
    """
    return markdown_to_html(text or "", int(top_level))


def _content_language(source) -> str:
    """The language of course content: a code, a course, or anything with a `course`."""
    if isinstance(source, str):
        return source
    language = getattr(source, "language", None)
    if language is None and getattr(source, "course", None) is not None:
        language = source.course.language
    return language or ""


def _differs_from_interface(code: str) -> bool:
    # "sv" and "sv-SE" are one language to a screen reader; compare primary subtags.
    active = translation.get_language() or settings.LANGUAGE_CODE
    return bool(code) and code.split("-")[0].lower() != active.split("-")[0].lower()


@register.filter(name="lang_attr")
def lang_attr(source) -> str:
    """` lang="…"` for an element holding course content in another language than the interface.

    WCAG 3.1.2 (language of parts): in the English interface a Swedish course's
    titles, lesson text and questions must be read out in Swedish. Takes a
    course, anything with a `course` (step, certificate) or a language code;
    gives nothing when the languages agree, so Swedish pages stay unmarked.
    Use: `<h1{{ course|lang_attr }}>{{ course.title }}</h1>`.
    """
    code = _content_language(source)
    return format_html(' lang="{}"', code) if _differs_from_interface(code) else ""


@register.filter(name="lang_span")
def lang_span(text, source) -> str:
    """The text (escaped), in a `<span lang="…">` when its course's language is not the interface's.

    For content inside interface sentences and other places with no element
    of its own: `{% blocktranslate with title=course.title|lang_span:course %}`.
    """
    code = _content_language(source)
    if _differs_from_interface(code):
        return format_html('<span lang="{}">{}</span>', code, text)
    return conditional_escape(text)
