from django import template

from common.html import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Render authored Markdown through the project's one sanitiser."""
    return render_markdown(text or "")
