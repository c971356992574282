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


_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.IGNORECASE)
DEFAULT_TOP_LEVEL = 2


def _map_headings(html: str, top_level: int) -> str:
    """Move authored headings so the highest becomes `top_level` and none skips a level.

    The author's highest heading (whatever its `#` count) becomes `top_level`;
    each later heading keeps its depth relative to it, but never goes more
    than one level deeper than the heading before it, and never past h6. So
    the page outline stays whole wherever the text is placed (axe
    `heading-order`, WCAG 1.3.1).
    """
    levels = [int(m.group(2)) for m in _HEADING_TAG.finditer(html) if not m.group(1)]
    if not levels:
        return html
    highest = min(levels)
    mapped: list[int] = []
    previous = top_level - 1
    for level in levels:
        wanted = level - highest + top_level
        previous = min(wanted, previous + 1, 6)
        mapped.append(previous)
    opened = iter(mapped)
    stack: list[int] = []

    def replace(match: re.Match) -> str:
        if match.group(1):
            return f"</h{stack.pop() if stack else top_level}"
        level = next(opened)
        stack.append(level)
        return f"<h{level}"

    return _HEADING_TAG.sub(replace, html)


@lru_cache(maxsize=4096)
def markdown_to_html(text: str, top_level: int = DEFAULT_TOP_LEVEL) -> SafeString:
    """Render authored Markdown to sanitised HTML, safe to put in a template.

    `top_level` is the heading level the author's highest heading gets: the
    level directly below the heading the text sits under (2 for text directly
    under the page's h1, 3 inside a block with its own h2).
    """
    if not 2 <= top_level <= 6:
        raise ValueError(f"top_level must be 2–6, not {top_level}")
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    html = _map_headings(_markdown.render(text), top_level)
    return mark_safe(sanitize_html(html))  # noqa: S308 - output of the allow-list sanitiser


def render_markdown(text: str, top_level: int = DEFAULT_TOP_LEVEL) -> SafeString:
    """Render authored Markdown (the name callers outside common/ use); see markdown_to_html."""
    return markdown_to_html(text, top_level)


def markdown_problems(text: str) -> list[str]:
    """Name the markup in `text` that the allow-list would remove (empty when clean).

    Used when authored text is saved, so that an author learns at once that
    a tag or link will not be kept, instead of finding it silently dropped.
    """
    if not text:
        return []
    raw = _map_headings(_markdown.render(text), DEFAULT_TOP_LEVEL)
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
