"""Known XSS payloads and a checker for active markup in rendered HTML (used by test_xss*.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<IMG SRC=javascript:alert('XSS')>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">klicka</a>',
    '<a href="JaVaScRiPt:alert(1)">klicka</a>',
    '<a href="jav&#x09;ascript:alert(1)">klicka</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[klicka](javascript:alert(1))",
    "[klicka](JAVASCRIPT:alert(1))",
    "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![bild](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<p style="background:url(javascript:alert(1))">stil</p>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>skicka</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<base href="javascript:alert(1)//">',
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<a href="  javascript:alert(1)">mellanslag</a>',
    "`<script>alert(1)</script>`",
]

FORBIDDEN_TAGS = {
    "script", "svg", "math", "iframe", "object", "embed", "style", "base",
    "frame", "frameset", "applet", "template", "noscript",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
_DANGEROUS_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)


class _ActiveMarkup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        attributes = dict(attrs)
        # The layout's own external scripts (static files, no inline code) are allowed.
        own_script = tag == "script" and (attributes.get("src") or "").startswith("/static/js/")
        if tag in FORBIDDEN_TAGS and not own_script:
            self.found.append(f"<{tag}>")
        # The layout's own <meta charset>, viewport and stylesheet are the only ones allowed.
        if tag == "meta" and "http-equiv" in attributes:
            self.found.append("<meta http-equiv>")
        if tag == "link" and not (attributes.get("href") or "").startswith("/static/"):
            self.found.append(f"<link href={attributes.get('href')!r}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("style", "srcdoc"):
                self.found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value is not None:
                # Browsers drop tabs, newlines and leading spaces/control characters in URLs.
                compact = re.sub(r"[\x00-\x20]", "", value)
                if _DANGEROUS_SCHEME.match(compact):
                    self.found.append(f"<{tag} {name}={value!r}>")


def active_markup(html: str) -> list[str]:
    """Every piece of active markup in `html`: forbidden tags, on* handlers, script URLs."""
    parser = _ActiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found
