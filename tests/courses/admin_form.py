"""Read an admin change form the way a browser would submit it (for tests)."""

from html.parser import HTMLParser


def form_data(response) -> dict:
    """The values the admin change form would submit (inputs, textareas, selected options)."""
    data: dict = {}

    class Parser(HTMLParser):
        textarea = None
        select = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and a.get("type") not in ("submit", "file"):
                if a.get("type") == "checkbox":
                    if "checked" in a:
                        data[name] = "on"
                else:
                    data[name] = a.get("value", "")
            elif tag == "textarea" and name:
                self.textarea = name
                data[name] = ""
            elif tag == "select" and name:
                self.select = name
            elif tag == "option" and self.select and "selected" in a:
                data[self.select] = a.get("value", "")

        def handle_endtag(self, tag):
            if tag == "textarea":
                self.textarea = None
            if tag == "select":
                self.select = None

        def handle_data(self, text):
            if self.textarea:
                data[self.textarea] += text

    Parser().feed(response.content.decode())
    for key in [k for k in data if "__prefix__" in k]:
        del data[key]
    data.pop("csrfmiddlewaretoken", None)
    for key, value in list(data.items()):
        if isinstance(value, str) and value.startswith("\n"):
            data[key] = value[1:]
    data["_save"] = "Spara"
    return data
