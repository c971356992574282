"""Move certificate PDFs stored under MEDIA_ROOT (publicly served) to LARSPAR_PRIVATE_ROOT."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations


def move_files(apps, schema_editor):
    public = Path(settings.MEDIA_ROOT) / "certificates"
    if not public.is_dir():
        return
    private = Path(settings.LARSPAR_PRIVATE_ROOT) / "certificates"
    private.mkdir(parents=True, exist_ok=True)
    for source in public.iterdir():
        if source.is_file():
            shutil.move(str(source), str(private / source.name))
    shutil.rmtree(public, ignore_errors=True)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0004_certificate_files_private_and_base_url")]

    operations = [migrations.RunPython(move_files, migrations.RunPython.noop, elidable=True)]
