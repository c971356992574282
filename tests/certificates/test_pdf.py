"""The certificate PDF: what it says, its QR code, PDF/A and tags, stored once, who may download."""

import io
import re
import shutil
import subprocess

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_pdf_get, certificate_rename
from tests.factories import make_user
from tests.tasks import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.dates, pytest.mark.pdf]


def pdf_of(certificate) -> bytes:
    with certificate_pdf_get(certificate=certificate) as f:
        return f.read()


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_pdf_shows_holder_course_modules_dates_issuer_and_code(certificate, settings):
    data = pdf_of(certificate)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    # A4 portrait in points.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = text_of(data)
    for expected in [
        "Åsa Öberg-Ängström",
        "Våld i nära relationer – grundkurs",
        "Modul 1",
        "Modul 2",
        certificate.display_code,
        settings.LARSPAR_ISSUER_NAME,
        "1,5",
    ]:
        assert expected in text, expected
    assert certificate.expires_on.strftime("%Y") in text


def test_pdf_metadata_names_title_author_and_subject(certificate, settings):
    meta = pypdf.PdfReader(io.BytesIO(pdf_of(certificate))).metadata
    assert "Våld i nära relationer – grundkurs" in meta.title
    assert "Åsa Öberg-Ängström" in meta.title
    assert meta.author == settings.LARSPAR_ISSUER_NAME
    assert certificate.display_code in meta.subject


def test_pdf_is_tagged_pdf_a_2a_with_embedded_fonts_and_swedish_language(certificate):
    data = pdf_of(certificate)
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("sv")
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)2', xmp)
    assert re.search(r'pdfaid:conformance(="|>)A', xmp)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
        assert "DejaVu" in str(font["/BaseFont"])


def test_qr_code_is_vector_and_encodes_the_verification_url(certificate, settings, tmp_path):
    settings.LARSPAR_BASE_URL = "https://larspar.example.se"
    data = pdf_of(certificate)
    reader = pypdf.PdfReader(io.BytesIO(data))
    # No raster image anywhere: the QR code is drawn as vector paths.
    assert not reader.pages[0].images
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip("poppler-utils and zbar-tools are needed to read the QR code")
    (tmp_path / "c.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", tmp_path / "c.pdf", tmp_path / "c"],
        check=True,
    )
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", tmp_path / "c.png"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert out == f"https://larspar.example.se/verify/{certificate.display_code}/"
    assert out == certificate.verification_url


def test_pdf_is_rendered_once_and_then_served_from_storage(certificate, monkeypatch):
    first = pdf_of(certificate)
    certificate.refresh_from_db()
    stored_name = certificate.pdf.name
    assert stored_name and certificate.pdf.storage.exists(stored_name)
    # The stored name does not reveal the verification code.
    assert certificate.code not in stored_name

    def fail(**kwargs):
        raise AssertionError("rendered again although a stored file exists")

    monkeypatch.setattr("certificates.services.certificate_pdf_render", fail)
    assert pdf_of(Certificate.objects.get(pk=certificate.pk)) == first


def test_a_missing_stored_file_is_rendered_again(certificate):
    pdf_of(certificate)
    certificate.refresh_from_db()
    certificate.pdf.storage.delete(certificate.pdf.name)
    data = pdf_of(Certificate.objects.get(pk=certificate.pk))
    assert certificate.display_code in text_of(data)
    certificate.refresh_from_db()
    assert certificate.pdf.storage.exists(certificate.pdf.name)


def test_name_correction_keeps_the_code_renders_again_and_logs_the_old_name(
    certificate, administrator, django_capture_on_commit_callbacks
):
    pdf_of(certificate)
    certificate.refresh_from_db()
    old_file = certificate.pdf.name
    storage = certificate.pdf.storage

    with django_capture_on_commit_callbacks(execute=True):
        renamed = certificate_rename(
            certificate=certificate, holder_name="Åsa Öberg", by=administrator, reason="Stavfel"
        )
    # The file with the old name is gone at once; the worker renders the new one.
    assert not storage.exists(old_file)
    assert Certificate.objects.get(pk=certificate.pk).pdf == ""
    [task] = run_tasks()
    assert task.return_value == 1

    renamed.refresh_from_db()
    assert renamed.code == certificate.code
    assert renamed.holder_name == "Åsa Öberg"
    assert renamed.pdf.name != old_file
    assert not storage.exists(old_file)
    text = text_of(pdf_of(renamed))
    assert "Åsa Öberg" in text
    assert "Ängström" not in text
    event = renamed.events.get()
    assert event.kind == "renamed"
    assert (event.old_value, event.new_value) == ("Åsa Öberg-Ängström", "Åsa Öberg")
    assert event.actor == administrator and event.reason == "Stavfel" and event.at


def test_only_administrators_may_correct_a_name(certificate, manager_north):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        certificate_rename(
            certificate=certificate, holder_name="X", by=manager_north, reason="Stavfel"
        )
    certificate.refresh_from_db()
    assert certificate.holder_name == "Åsa Öberg-Ängström"


# -- who may download ------------------------------------------------------------


def download(client, user, certificate):
    client.force_login(user)
    return client.get(reverse("certificates:certificate-download", args=[certificate.pk]))


def test_holder_downloads_the_pdf_as_an_attachment(client, certificate, holder):
    response = download(client, holder, certificate)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert certificate.display_code in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_other_learner_may_not_download(client, certificate, other_learner):
    assert download(client, other_learner, certificate).status_code == 403


def test_manager_of_the_holders_unit_may_download(client, certificate, manager_north):
    assert download(client, manager_north, certificate).status_code == 200


def test_manager_of_a_unit_above_the_holders_may_download(client, certificate, units):
    manager = make_user(roles=["manager"])
    manager.managed_units.add(units["top"])
    assert download(client, manager, certificate).status_code == 200


def test_manager_of_another_unit_may_not_download(client, certificate, manager_south):
    assert download(client, manager_south, certificate).status_code == 403


def test_administrator_may_download(client, certificate, administrator):
    assert download(client, administrator, certificate).status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in(client, certificate):
    response = client.get(reverse("certificates:certificate-download", args=[certificate.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _structure_elements(node):
    """Every structure element below a node of the PDF's structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            yield from _structure_elements(child)
    elif isinstance(node, pypdf.generic.DictionaryObject) and "/S" in node:
        yield node
        if "/K" in node:
            yield from _structure_elements(node["/K"])


def test_the_qr_code_figure_has_alternative_text_naming_the_verification_page(certificate):
    """A screen reader announces the QR code's purpose and address, not an unnamed figure."""
    reader = pypdf.PdfReader(io.BytesIO(pdf_of(certificate)))
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    figures = [e for e in _structure_elements(tree["/K"]) if e["/S"] == "/Figure"]
    assert len(figures) == 1
    assert str(figures[0].get("/Alt")) == (
        f"QR-kod som leder till verifieringssidan {certificate.verification_url}"
    )


def test_after_a_move_the_command_has_the_worker_render_the_stored_pdfs_again(
    certificate, settings, django_capture_on_commit_callbacks
):
    pdf_of(certificate)
    certificate.refresh_from_db()
    old_file = certificate.pdf.name
    settings.LARSPAR_BASE_URL = "https://larspar.example.se"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("certificates_render_pdfs", stdout=io.StringIO())
    [task] = run_tasks()

    assert task.status == "SUCCESSFUL" and task.return_value == 1
    certificate.refresh_from_db()
    assert certificate.pdf_base_url == "https://larspar.example.se"
    assert certificate.pdf.name != old_file
    assert "https://larspar.example.se/verify/" in text_of(pdf_of(certificate)).replace("\n", "")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("certificates_render_pdfs", stdout=io.StringIO())
    assert run_tasks()[0].return_value == 0  # idempotent: nothing out of date any more
