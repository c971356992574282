"""The certificate as a PDF: a Django template rendered by WeasyPrint, QR code as inline SVG."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

# PDF/A-2a: ISO 19005-2 archival PDF at conformance level A, which requires a
# tagged structure and Unicode text (read aloud, searched, reflowed). PDF/A-3
# only adds arbitrary embedded files, which a certificate does not need and an
# archive cannot check; PDF/A-4 has no level A; PDF/A-1 predates transparency.
PDF_VARIANT = "pdf/a-2a"


def certificate_qr_svg(url: str) -> str:
    """The QR code for `url` as an inline SVG element (vector, so it prints sharply)."""
    return segno.make(url, error="m").svg_inline(scale=4)


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
                "qr_svg": mark_safe(certificate_qr_svg(url)),  # noqa: S308
                "language_code": settings.LANGUAGE_CODE,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
