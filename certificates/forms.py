import csv
import io
from dataclasses import dataclass

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from .codes import code_normalize
from .models import RevocationReason

MAX_BULK_CODES = 1000
MAX_BULK_FILE_BYTES = 1024 * 1024
# A first CSV row with one of these in its first cell is a header, not a code.
HEADER_WORDS = {"kod", "code", "verifieringskod", "verification code", "certifikat"}


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verifieringskod"),
        max_length=64,
        help_text=_("Till exempel 7K3Q-9XMD-A2FH-Q8RT. Små bokstäver och mellanslag går bra."),
    )

    def clean_code(self) -> str:
        normalized = code_normalize(self.cleaned_data["code"])
        if normalized is None:
            raise forms.ValidationError(
                _("Det här är inte en verifieringskod: den har 16 tecken (siffror och bokstäver).")
            )
        return normalized


@dataclass
class BulkLine:
    number: int
    text: str
    code: str | None


class BulkVerifyForm(forms.Form):
    codes = forms.CharField(
        label=_("Koder, en per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(
        label=_("eller en CSV-fil"),
        required=False,
        validators=[FileExtensionValidator(["csv", "txt"])],
        help_text=_("Koden ska stå i första kolumnen. En rubrikrad går bra."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_BULK_FILE_BYTES:
            raise forms.ValidationError(_("Filen är för stor (högst 1 MB)."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        lines = _lines_from_text(cleaned.get("codes") or "")
        if cleaned.get("file"):
            try:
                lines += _lines_from_csv(cleaned["file"])
            except (UnicodeDecodeError, csv.Error):
                raise forms.ValidationError(
                    _("Filen kunde inte läsas som CSV (UTF-8 eller Windows-1252).")
                ) from None
        if not lines:
            raise forms.ValidationError(_("Klistra in minst en kod eller välj en CSV-fil."))
        if len(lines) > MAX_BULK_CODES:
            raise forms.ValidationError(
                _("Högst %(max)s koder åt gången."), params={"max": MAX_BULK_CODES}
            )
        cleaned["lines"] = lines
        return cleaned


def _lines_from_text(text: str) -> list[BulkLine]:
    return [
        BulkLine(number, line.strip(), code_normalize(line))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def _lines_from_csv(upload) -> list[BulkLine]:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Swedish Windows saves CSV in Windows-1252.
        text = raw.decode("cp1252")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        first = (row[0] if row else "").strip()
        if not first or (number == 1 and first.lower() in HEADER_WORDS):
            continue
        lines.append(BulkLine(number, first, code_normalize(first)))
    return lines


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sparas i certifikatets logg tillsammans med ditt namn och tidpunkten."),
    )


class RevokeForm(ReasonForm):
    category = forms.ChoiceField(
        label=_("Typ av skäl"),
        choices=RevocationReason.choices,
        help_text=_(
            "Innehavaren får veta typen av skäl i ett e-postmeddelande och under Mina certifikat."
        ),
    )

    field_order = ["category", "reason"]


class RenameForm(ReasonForm):
    holder_name = forms.CharField(label=_("Rätt namn"), max_length=300)

    field_order = ["holder_name", "reason"]
