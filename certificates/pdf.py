"""The certificate as a PDF: a Django template rendered by WeasyPrint, QR code as inline SVG."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# PDF/A-2a: ISO 19005-2 archival PDF at conformance level A, which requires a
# tagged structure and Unicode text (read aloud, searched, reflowed). PDF/A-3
# only adds arbitrary embedded files, which a certificate does not need and an
# archive cannot check; PDF/A-4 has no level A; PDF/A-1 predates transparency.
PDF_VARIANT = "pdf/a-2a"


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
    # Imported here: WeasyPrint takes a while to load and most requests never render.
    from weasyprint import HTML

    url = certificate.verification_url
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "certificates/certificate_pdf.html",
            {
                "certificate": certificate,
                "verification_url": url,
                # segno's output: an <svg> element of path data, no user input.
                # segno escapes the title text it writes into the SVG.
                "qr_svg": mark_safe(  # noqa: S308
                    certificate_qr_svg(
                        url,
                        title=_("QR-kod som leder till verifieringssidan %(url)s") % {"url": url},
                    )
                ),
                "language_code": settings.LANGUAGE_CODE,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
