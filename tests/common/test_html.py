"""Authored Markdown is rendered and cleaned by one allow-list; active markup never survives."""

import re

import pytest
from django.template import Context, Template

from common.html import markdown_problems, render_markdown, sanitize_html

ACTIVE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klicka](javascript:alert(1))",
    '<a href="javascript:alert(1)">klicka</a>',
    '<a href="JaVaScRiPt:alert(1)">klicka</a>',
    '<p onclick="alert(1)">text</p>',
    "<svg onload=alert(1)>",
    '<iframe src="https://example.org"></iframe>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<scr<script>ipt>alert(1)</script>",
]


@pytest.mark.parametrize("payload", ACTIVE)
def test_active_markup_never_survives_rendering(payload):
    html = render_markdown(payload).lower()
    assert "<script" not in html
    assert "onerror" not in html and "onclick" not in html and "onload" not in html
    assert "javascript:" not in html.replace("[klicka](javascript:alert(1))", "")
    assert "<svg" not in html and "<iframe" not in html
    assert 'href="data:' not in html


@pytest.mark.parametrize("payload", ACTIVE[:2] + ACTIVE[3:8])
def test_saving_active_markup_is_refused_with_a_reason(payload):
    assert markdown_problems(payload)


def test_ordinary_markdown_renders_and_is_not_refused():
    text = "## Rubrik\n\n> citat\n\n1 < 2 & **fet** [länk](https://example.org)\n\n- a\n- b"
    html = render_markdown(text)
    assert markdown_problems(text) == []
    assert "<blockquote>" in html and "<strong>fet</strong>" in html and "<li>a</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">länk</a>' in html
    assert "1 &lt; 2 &amp;" in html


def _heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])>", html)]


def test_the_authors_highest_heading_sits_directly_under_the_page_heading():
    # A lesson's text block sits directly under the page's h1.
    assert render_markdown("## Mindre").startswith("<h2>")
    assert render_markdown("# Stor").startswith("<h2>")
    assert _heading_levels(render_markdown("### A\n\n#### B\n\n### C")) == [2, 3, 2]


def test_inside_a_titled_block_authored_headings_start_one_level_below_it():
    assert _heading_levels(render_markdown("## A\n\n### B", top_level=3)) == [3, 4]
    template = Template("{% load larspar %}{{ text|markdown:3 }}")
    assert template.render(Context({"text": "# A"})).startswith("<h3>")


def test_authored_headings_never_skip_a_level_and_stop_at_h6():
    html = render_markdown("# A\n\n#### Djup\n\n###### Djupare\n\n## B")
    assert _heading_levels(html) == [2, 3, 4, 3]
    assert "<h3>Djup</h3>" in html
    assert _heading_levels(render_markdown("# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6")) == [
        2,
        3,
        4,
        5,
        6,
        6,
    ]


def test_the_filter_without_an_argument_starts_authored_headings_at_h2():
    template = Template("{% load larspar %}{{ text|markdown }}")
    assert template.render(Context({"text": "### Rubrik\n\ntext"})).startswith("<h2>Rubrik</h2>")


def test_raw_html_headings_are_mapped_too_and_a_top_level_outside_2_to_6_is_refused():
    assert render_markdown("<h1>Rå</h1>") == "<h2>Rå</h2>"
    with pytest.raises(ValueError):
        render_markdown("# A", top_level=1)


def test_sanitize_html_keeps_allowed_tags_and_drops_others():
    assert sanitize_html("<em>ok</em><style>p{}</style>") == "<em>ok</em>"
