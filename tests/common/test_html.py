"""Authored Markdown is rendered and cleaned by one allow-list; active markup never survives."""

import pytest

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


def test_author_headings_sit_below_the_page_and_block_headings():
    assert render_markdown("# Stor").startswith("<h3>")
    assert render_markdown("## Mindre").startswith("<h4>")


def test_sanitize_html_keeps_allowed_tags_and_drops_others():
    assert sanitize_html("<em>ok</em><style>p{}</style>") == "<em>ok</em>"
