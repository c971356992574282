"""One base for the errors a service raises when a request cannot be carried out.

A service raises a `DomainError` subclass that says what went wrong (its
`status` and a message for the person); views do not catch them one by one.
`handle_domain_errors` turns any of them into the matching error page, so
every view that uses a service answers a broken rule the same way.
"""

from __future__ import annotations

import functools
from typing import ClassVar

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request. `status` is the HTTP status it maps to."""

    status: ClassVar[int] = 400
    default_message: ClassVar[str] = _("Det som skickades kunde inte tolkas. Inget har sparats.")
    # The page that shows it; None: the site's page for the status (400.html, 403.html, 404.html).
    template_name: ClassVar[str | None] = None

    def __init__(self, message: str | None = None, *, link: str = "", link_text: str = ""):
        self.message = str(message if message is not None else self.default_message)
        self.link = link
        self.link_text = str(link_text)
        super().__init__(self.message)


class BadRequest(DomainError):
    status = 400


class Forbidden(DomainError):
    status = 403
    default_message = _("Du har inte behörighet till den här sidan.")


class NotFound(DomainError):
    status = 404
    default_message = _("Sidan du sökte finns inte, eller så har du inte tillgång till den.")


def error_response(request, error: DomainError):
    """The error page for `error`, with its status."""
    template = error.template_name or f"{error.status}.html"
    context = {"message": error.message, "link": error.link, "link_text": error.link_text}
    return render(request, template, context, status=error.status)


def handle_domain_errors(view):
    """Answer a DomainError raised anywhere below `view` with its error page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            return error_response(request, error)

    return wrapper
