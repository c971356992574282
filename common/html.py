"""The one place that sanitises authored HTML.

Authored text is Markdown. It is rendered to HTML and cleaned by an
allow-list (nh3, the binding to the Ammonia sanitiser; see
docs/decisions/0001-nh3-for-html-sanitising.md). Nothing else in the project
imports nh3: the policy is read and changed here.
"""

import re
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "s",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Raw HTML is passed through to the sanitiser, which keeps only the
# allow-list; links get rel="noopener noreferrer" from nh3.
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
_markdown.enable("table")


def sanitize_html(html: str) -> str:
    """Return `html` with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _shift_headings(html: str) -> str:
    # Authored text sits under the page's h1 and the block's h2, so an
    # author's "# Rubrik" must not compete with them.
    for level in (5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2 if level < 5 else 6}>")
        html = html.replace(f"</h{level}>", f"</h{level + 2 if level < 5 else 6}>")
    return html


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    """Render authored Markdown to sanitised HTML, safe to put in a template."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    html = _shift_headings(_markdown.render(text))
    return mark_safe(sanitize_html(html))  # noqa: S308 - output of the allow-list sanitiser


def markdown_problems(text: str) -> list[str]:
    """Name the markup in `text` that the allow-list would remove (empty when clean).

    Used when authored text is saved, so that an author learns at once that
    a tag or link will not be kept, instead of finding it silently dropped.
    """
    if not text:
        return []
    raw = _shift_headings(_markdown.render(text))
    cleaned = sanitize_html(raw)
    if _normalise(raw) == _normalise(cleaned):
        return []

    raw_tags = set(re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)", raw))
    removed_tags = sorted(tag for tag in raw_tags if tag.lower() not in ALLOWED_TAGS)
    problems = [f"<{tag}>" for tag in removed_tags]
    if not problems:
        problems.append("otillåtna attribut eller länkar")
    return problems


def _normalise(html: str) -> str:
    return (
        html.replace(' rel="noopener noreferrer"', "")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
        .replace("\n", "")
        .replace(" ", "")
    )
