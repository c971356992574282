import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import OrgUnit, ProfessionalGroup, Role, User, professional_group_key


@transaction.atomic
def org_unit_create(*, code: str, name: str, parent: OrgUnit | None = None) -> OrgUnit:
    """Create a unit and set its materialised path below `parent`."""
    unit = OrgUnit.objects.create(code=code, name=name, parent=parent)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


@transaction.atomic
def org_unit_move(*, unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    """Move `unit` (and its subtree) below `parent`. Raises ValueError on a cycle."""
    if parent is not None and parent.path.startswith(unit.path):
        raise ValueError("A unit cannot be moved below itself.")
    old_path = unit.path
    new_path = f"{parent.path if parent else '/'}{unit.pk}/"
    for descendant in OrgUnit.objects.select_for_update().filter(path__startswith=old_path):
        descendant.path = new_path + descendant.path[len(old_path) :]
        descendant.save(update_fields=["path"])
    unit.parent = parent
    unit.path = new_path
    unit.save(update_fields=["parent", "path"])
    return unit


@transaction.atomic
def user_role_grant(*, user: User, role: Role) -> User:
    """Put `user` in the group of `role`. Idempotent."""
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)
    return user


@transaction.atomic
def user_role_revoke(*, user: User, role: Role) -> User:
    """Take `user` out of the group of `role`. Idempotent."""
    group = Group.objects.filter(name=role.value).first()
    if group is not None:
        user.groups.remove(group)
    user.__dict__.pop("_role_names", None)
    return user


@transaction.atomic
def professional_groups_ensure(*, names: list[str]) -> dict[str, ProfessionalGroup]:
    """The groups of `names` by their key (see `professional_group_key`), created if new.

    Idempotent: a name that differs from a known group only in letter case or
    spacing is that group (the unique key backs it, also for concurrent imports);
    a new group is named by its first spelling, with the spacing tidied.
    """
    wanted: dict[str, str] = {}
    for name in names:
        tidy = " ".join(name.split())
        if tidy:
            wanted.setdefault(professional_group_key(tidy), tidy)
    if not wanted:
        return {}
    ProfessionalGroup.objects.bulk_create(
        [ProfessionalGroup(name=name, key=key) for key, name in wanted.items()],
        ignore_conflicts=True,
    )
    return {g.key: g for g in ProfessionalGroup.objects.filter(key__in=list(wanted))}


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Stop `user` from signing in. Idempotent.

    Nothing else changes: enrollments and certificates stay, so an issued
    certificate keeps verifying (its holder name is a snapshot anyway).
    """
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


# --- Bulk import of staff from an HR export --------------------------------

# Accepted header names per column (English and Swedish, compared case-insensitively).
IMPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_id": ("employee_id", "employee id", "anställningsnummer", "anstnr"),
    "name": ("name", "namn"),
    "email": ("email", "e-mail", "e-post", "epost"),
    "unit_code": ("unit_code", "unit code", "unit", "enhetskod", "enhet"),
    "professional_group": ("professional_group", "professional group", "yrkesgrupp"),
}


@dataclass(frozen=True)
class ImportRowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Rad %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class UserImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportRowError] = field(default_factory=list)
    # False when --all-or-nothing refused the whole file because of an error.
    imported: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _ImportRow:
    line: int
    employee_id: str
    first_name: str
    last_name: str
    email: str
    unit: OrgUnit
    professional_group: str


_IMPORTED_FIELDS = ["first_name", "last_name", "email", "unit", "professional_group"]


class UserImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, missing header columns)."""


def _split_name(name: str) -> tuple[str, str]:
    """'Andersson, Anna' or 'Anna Maria Andersson' → ('Anna…', 'Andersson')."""
    if "," in name:
        last, _sep, first = name.partition(",")
        return first.strip(), last.strip()
    parts = name.split()
    if len(parts) == 1:
        return parts[0], ""
    return " ".join(parts[:-1]), parts[-1]


def _read_rows(data: bytes | str) -> tuple[list[tuple[int, dict[str, str]]], list[ImportRowError]]:
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UserImportFileError(_("Filen måste vara sparad som UTF-8.")) from exc
    else:
        text = data.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    # Swedish spreadsheet programs save CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise UserImportFileError(_("Filen är tom.")) from exc
    names = [h.strip().lower() for h in header]
    index: dict[str, int] = {}
    for key, aliases in IMPORT_COLUMNS.items():
        found = [i for i, name in enumerate(names) if name in aliases]
        if found:
            index[key] = found[0]
    missing = [aliases[0] for key, aliases in IMPORT_COLUMNS.items() if key not in index]
    if missing:
        raise UserImportFileError(
            _("Rubrikraden saknar kolumnerna: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows, errors = [], []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < len(header):
            errors.append(
                ImportRowError(
                    line,
                    _("raden har %(got)s kolumner, rubrikraden %(want)s.")
                    % {"got": len(record), "want": len(header)},
                )
            )
            continue
        rows.append((line, {key: record[i].strip() for key, i in index.items()}))
    return rows, errors


def users_import(*, data: bytes | str, all_or_nothing: bool = False) -> UserImportReport:
    """Create or update staff from an HR export (CSV: employee id, name, e-mail, unit code,
    professional group), matched on employee id.

    Every bad row is reported with its line number (missing value, malformed
    e-mail, unknown unit, duplicate in the file or e-mail already used by
    someone else); valid rows are imported, or with `all_or_nothing` nothing
    is when any row is bad. Idempotent: importing the same file again changes
    nothing. New accounts get the learner role and no usable password.
    Raises UserImportFileError when the file cannot be read at all.
    """
    records, errors = _read_rows(data)
    units = {
        u.code: u for u in OrgUnit.objects.filter(code__in={r["unit_code"] for _line, r in records})
    }
    valid: list[_ImportRow] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for line, record in records:
        problems = []
        for key in ("employee_id", "name", "email", "unit_code"):
            if not record[key]:
                problems.append(_("%(column)s saknas") % {"column": IMPORT_COLUMNS[key][0]})
        email = record["email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("felaktig e-postadress ”%(email)s”") % {"email": email})
        if record["unit_code"] and record["unit_code"] not in units:
            problems.append(_("okänd enhet ”%(code)s”") % {"code": record["unit_code"]})
        if record["employee_id"] in seen_ids:
            problems.append(
                _("anställningsnumret finns redan på rad %(line)s")
                % {"line": seen_ids[record["employee_id"]]}
            )
        if email in seen_emails:
            problems.append(
                _("e-postadressen finns redan på rad %(line)s") % {"line": seen_emails[email]}
            )
        if record["employee_id"]:
            seen_ids.setdefault(record["employee_id"], line)
        if email:
            seen_emails.setdefault(email, line)
        if problems:
            errors.append(ImportRowError(line, "; ".join(str(p) for p in problems)))
            continue
        first, last = _split_name(record["name"])
        valid.append(
            _ImportRow(
                line=line,
                employee_id=record["employee_id"],
                first_name=first[:150],
                last_name=last[:150],
                email=email,
                unit=units[record["unit_code"]],
                professional_group=record["professional_group"][:100],
            )
        )

    with transaction.atomic():
        # People carry their group's one spelling: a known group's name, else the file's.
        known = {
            g.key: g.name
            for g in ProfessionalGroup.objects.filter(
                key__in={professional_group_key(r.professional_group) for r in valid}
            )
        }
        for row in valid:
            tidy = " ".join(row.professional_group.split())
            row.professional_group = known.setdefault(professional_group_key(tidy), tidy)
        existing = {
            u.employee_id: u
            for u in User.objects.select_for_update().filter(
                employee_id__in=[r.employee_id for r in valid]
            )
        }
        # An e-mail (also the username of imported accounts) may belong to only one person.
        taken = {
            (u.email.lower() if u.email else u.username.lower()): u.employee_id
            for u in User.objects.filter(
                Q(email__in=[r.email for r in valid]) | Q(username__in=[r.email for r in valid])
            )
        }
        report = UserImportReport()
        to_create, to_update = [], []
        for row in valid:
            owner = taken.get(row.email, row.employee_id)
            if owner != row.employee_id:
                errors.append(
                    ImportRowError(
                        row.line,
                        _("e-postadressen ”%(email)s” används redan av ett annat konto")
                        % {"email": row.email},
                    )
                )
                continue
            user = existing.get(row.employee_id)
            values = {
                "first_name": row.first_name,
                "last_name": row.last_name,
                "email": row.email,
                "unit_id": row.unit.pk,
                "professional_group": row.professional_group,
            }
            if user is None:
                user = User(username=row.email, employee_id=row.employee_id, **values)
                user.set_unusable_password()
                to_create.append(user)
            elif any(getattr(user, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(user, key, value)
                to_update.append(user)
            else:
                report.unchanged += 1
        errors.sort(key=lambda e: e.line)
        report.errors = errors
        if errors and all_or_nothing:
            report.imported = False
            report.unchanged = 0
            return report
        professional_groups_ensure(names=[r.professional_group for r in valid])
        User.objects.bulk_create(to_create)
        User.objects.bulk_update(to_update, _IMPORTED_FIELDS)
        created_ids = list(
            User.objects.filter(employee_id__in=[u.employee_id for u in to_create]).values_list(
                "pk", flat=True
            )
        )
        learners, _created = Group.objects.get_or_create(name=Role.LEARNER.value)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=pk, group_id=learners.pk) for pk in created_ids],
            ignore_conflicts=True,
        )
        report.created, report.updated = len(to_create), len(to_update)
    return report
