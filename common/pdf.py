"""Documents as tagged, archival PDFs: a Django template rendered by WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# PDF/A-2a: ISO 19005-2 archival PDF at conformance level A, which requires a
# tagged structure and Unicode text (read aloud, searched, reflowed). PDF/A-3
# only adds arbitrary embedded files, which our documents do not need and an
# archive cannot check; PDF/A-4 has no level A; PDF/A-1 predates transparency.
PDF_VARIANT = "pdf/a-2a"


def tagged_pdf_render(*, template_name: str, context: dict) -> bytes:
    """Render `template_name` as a tagged PDF/A-2a document (fonts embedded).

    Always in the site's default language: a document is made once and read by
    anyone, whatever language the requester uses. `context` gets `language_code`.
    """
    # Imported here: WeasyPrint takes a while to load and most requests never render.
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, {**context, "language_code": settings.LANGUAGE_CODE})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
