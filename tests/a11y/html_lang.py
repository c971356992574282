"""Which language a screen reader reads a piece of text in: the nearest `lang` above it."""

from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _LanguageOfText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.runs: list[tuple[str, str | None]] = []  # (text, language in force)

    def _language(self) -> str | None:
        return next((lang for _tag, lang in reversed(self.stack) if lang is not None), None)

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        if tag == "option" and self.stack and self.stack[-1][0] == "option":
            self.stack.pop()  # an <option> closes the one before it
        if tag not in VOID:
            self.stack.append((tag, lang))
        elif lang is not None:
            self.runs.append(("", lang))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        # The <title> cannot carry a lang of its own parts; only the body is read here.
        if data.strip() and not {"head", "script", "style"} & {tag for tag, _ in self.stack}:
            self.runs.append((" ".join(data.split()), self._language()))


def languages_of(html: str, text: str) -> set[str | None]:
    """The languages every occurrence of `text` in the body is read in (None: no lang at all)."""
    assert text in html, f"{text!r} is not on the page"
    parser = _LanguageOfText()
    parser.feed(html)
    found = {lang for run, lang in parser.runs if text in run}
    assert found, f"{text!r} is split across elements; cannot tell its language"
    return found
