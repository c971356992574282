from django import template

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
