"""Certificate PDFs are private: outside MEDIA_ROOT, served only by the permission-checked view.

Also: a PDF whose QR code points at another address than LARSPAR_BASE_URL is made again.
"""

import importlib
import io
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_pdf_get, certificate_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def download(client, certificate):
    return client.get(reverse("certificates:certificate-download", args=[certificate.pk]))


def stored_path(certificate) -> Path:
    certificate.refresh_from_db()
    return Path(certificate.pdf.path)


def test_the_stored_pdf_is_outside_media_and_not_served_there(
    client, certificate, holder, settings
):
    client.force_login(holder)
    assert download(client, certificate).status_code == 200
    path = stored_path(certificate)
    assert path.is_file()
    assert Path(settings.LARSPAR_PRIVATE_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents
    # Not by its own name under /media/, nor by guessing the folder.
    assert client.get(f"/media/{certificate.pdf.name}").status_code == 404
    with pytest.raises(ValueError, match="no public URL"):
        certificate.pdf.url  # noqa: B018


def test_after_revocation_the_file_cannot_be_fetched_by_anyone_by_url(
    client, certificate, holder, administrator
):
    client.force_login(holder)
    assert download(client, certificate).status_code == 200
    name = Certificate.objects.get(pk=certificate.pk).pdf.name
    certificate_revoke(certificate=certificate, by=administrator, reason="Utfärdat av misstag")
    assert download(client, certificate).status_code == 403
    assert client.get(f"/media/{name}").status_code == 404
    client.logout()
    assert client.get(f"/media/{name}").status_code == 404


def test_a_pdf_made_for_another_address_is_made_again_on_download(certificate, settings):
    settings.LARSPAR_BASE_URL = "http://127.0.0.1:8000"
    with certificate_pdf_get(certificate=certificate) as f:
        f.read()
    first_name = Certificate.objects.get(pk=certificate.pk).pdf.name

    settings.LARSPAR_BASE_URL = "https://larspar.exempelstad.se"
    with certificate_pdf_get(certificate=Certificate.objects.get(pk=certificate.pk)) as f:
        data = f.read()
    certificate.refresh_from_db()
    assert certificate.pdf_base_url == "https://larspar.exempelstad.se"
    assert certificate.pdf.name != first_name
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "larspar.exempelstad.se" in text.replace("\n", "")


def test_the_migration_moves_files_stored_under_media_to_the_private_folder(settings):
    public = Path(settings.MEDIA_ROOT) / "certificates"
    public.mkdir(parents=True)
    (public / "abc123.pdf").write_bytes(b"%PDF-1.7 old file")
    migration = importlib.import_module(
        "certificates.migrations.0005_move_certificate_files_out_of_media"
    )
    migration.move_files(apps=None, schema_editor=None)
    assert not public.exists()
    moved = Path(settings.LARSPAR_PRIVATE_ROOT) / "certificates" / "abc123.pdf"
    assert moved.read_bytes() == b"%PDF-1.7 old file"


def test_make_run_gives_qr_codes_the_port_the_demo_is_served_at():
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[2]
    dry_run = subprocess.run(
        ["make", "-n", "-W", "demo", "run", "PORT=8080"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "LARSPAR_BASE_URL=${LARSPAR_BASE_URL:-http://127.0.0.1:8080}" in dry_run
    assert "runserver 127.0.0.1:8080" in dry_run
