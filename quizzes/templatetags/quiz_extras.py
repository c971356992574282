import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.html import render_markdown

register = template.Library()

_ONE_PARAGRAPH = re.compile(r"<p>(?P<inner>.*)</p>", re.DOTALL)


@register.filter(name="markdown_inline")
def markdown_inline(text: str) -> SafeString:
    """Authored Markdown for places that take phrasing content only (legend, label).

    Rendered and sanitised by the project's one sanitiser; a lone paragraph
    is unwrapped so that the question or choice text reads as one line.
    """
    html = render_markdown(text or "")
    match = _ONE_PARAGRAPH.fullmatch(str(html).strip())
    if match and "<p>" not in match["inner"]:
        return mark_safe(match["inner"])  # noqa: S308 - a fragment of sanitised output
    return html
