"""The certificate as a PDF: a Django template rendered by WeasyPrint, QR code as inline SVG."""

import segno
from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.pdf import tagged_pdf_render


def certificate_qr_svg(url: str, *, title: str = "") -> str:
    """The QR code for `url` as an inline SVG element (vector, so it prints sharply).

    `title` becomes the SVG's <title>, which WeasyPrint writes as the tagged
    figure's alternative text (/Alt) for screen readers.
    """
    return segno.make(url, error="m").svg_inline(scale=4, title=title or None)


def certificate_pdf_render(*, certificate) -> bytes:
    """Render `certificate` as a tagged PDF/A-2a document (A4, fonts embedded).

    Always in the site's default language: the document is stored once and
    shown to anyone, whatever language the requester uses.
    """
    url = certificate.verification_url
    with translation.override(settings.LANGUAGE_CODE):
        # segno's output: an <svg> element of path data, no user input.
        # segno escapes the title text it writes into the SVG.
        qr_svg = mark_safe(  # noqa: S308
            certificate_qr_svg(
                url, title=_("QR-kod som leder till verifieringssidan %(url)s") % {"url": url}
            )
        )
    return tagged_pdf_render(
        template_name="certificates/certificate_pdf.html",
        context={"certificate": certificate, "verification_url": url, "qr_svg": qr_svg},
    )
