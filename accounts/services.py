import csv
import io
from base64 import b32decode
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.api import AuditAction, audit_event_record
from common import clock
from common.errors import DomainError
from common.jobs import job_run
from common.ratelimit import rate_limit_hit, rate_limit_reached, rate_limit_window_left

# Tasks call these services and these services enqueue tasks: the module is imported,
# its tasks looked up when enqueued.
from . import tasks
from .models import OrgUnit, ProfessionalGroup, Role, User, UserImport, professional_group_key


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
def user_role_grant(*, user: User, role: Role, by=None, request=None) -> User:
    """Put `user` in the group of `role`. Idempotent; a real change is logged."""
    group, _ = Group.objects.get_or_create(name=role.value)
    if not user.groups.filter(pk=group.pk).exists():
        before = user_access_snapshot(user)
        user.groups.add(group)
        user_access_change_record(user=user, before=before, by=by, request=request)
    user.__dict__.pop("_role_names", None)
    return user


def role_permissions_snapshot(group: Group | None) -> list[str]:
    """The permissions of a role (group) as "app.codename", sorted; [] for a new role."""
    if group is None or group.pk is None:
        return []
    return sorted(
        f"{app}.{code}"
        for app, code in Group.objects.get(pk=group.pk).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def role_permissions_change_record(*, group: Group, before: list[str], by=None, request=None):
    """Log how a role's permissions changed since `before`; nothing if they did not."""
    after = role_permissions_snapshot(group)
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    if not (added or removed):
        return None
    return audit_event_record(
        action=AuditAction.ROLES_CHANGED,
        actor=by,
        request=request,
        target=str(_("Roll: %(name)s") % {"name": group.name}),
        detail={"group": group.name, "permissions": {"added": added, "removed": removed}},
    )


# What a person may do: the fields whose changes the audit log records.
ACCESS_FLAGS = ("is_staff", "is_superuser")
ACCESS_SETS = ("groups", "permissions", "managed_units")


def user_access_snapshot(user: User | None) -> dict:
    """`user`'s access as stored now: staff/superuser flags, roles (groups), own
    permissions and managed units. None (a new account) gives the empty access."""
    if user is None or user.pk is None:
        return {**dict.fromkeys(ACCESS_FLAGS, False), **{key: [] for key in ACCESS_SETS}}
    flags = User.objects.filter(pk=user.pk).values(*ACCESS_FLAGS).get()
    return {
        **flags,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app}.{code}"
            for app, code in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
        "managed_units": sorted(user.managed_units.values_list("code", flat=True)),
    }


def user_access_change_record(*, user: User, before: dict, by=None, request=None):
    """Log what changed in `user`'s access since the snapshot `before`; nothing if nothing did.

    Call it in the transaction of the change, after the many-to-many fields
    are saved. Returns the audit event or None.
    """
    after = user_access_snapshot(user)
    changes: dict = {}
    for key in ACCESS_FLAGS:
        if before[key] != after[key]:
            changes[key] = {"from": before[key], "to": after[key]}
    for key in ACCESS_SETS:
        added = sorted(set(after[key]) - set(before[key]))
        removed = sorted(set(before[key]) - set(after[key]))
        if added or removed:
            changes[key] = {"added": added, "removed": removed}
    if not changes:
        return None
    return audit_event_record(
        action=AuditAction.ROLES_CHANGED,
        actor=by,
        request=request,
        target=user.get_username(),
        detail={"user_id": user.pk, **changes},
    )


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
    unit: OrgUnit | None
    professional_group: str


_IMPORTED_FIELDS = ["first_name", "last_name", "email", "unit", "professional_group"]


class UserImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, missing header columns)."""


# The User fields each imported value is stored in, and the column it came from: the
# e-mail is also the user name of an imported account.
_IMPORT_FIELDS = (
    ("employee_id", "employee_id"),
    ("email", "email"),
    ("username", "email"),
    ("first_name", "name"),
    ("last_name", "name"),
    ("professional_group", "professional_group"),
)


def _field_problems(row: _ImportRow) -> list[str]:
    """What the User model's own fields refuse in `row` (max lengths, the user-name characters),
    as a form would: nothing a form refuses reaches the database."""
    values = {field_name: getattr(row, field_name, "") for field_name, _column in _IMPORT_FIELDS}
    values["username"] = row.email
    problems: list[str] = []
    for field_name, column in _IMPORT_FIELDS:
        try:
            User._meta.get_field(field_name).clean(values[field_name], None)
        except ValidationError as exc:
            for message in exc.messages:
                problem = f"{IMPORT_COLUMNS[column][0]}: {message.rstrip('.')}"
                if problem not in problems:
                    problems.append(problem)
    return problems


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
    records = iter(reader)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            # E.g. a cell over the csv module's size limit: the rest cannot be read reliably.
            raise UserImportFileError(
                _("Rad %(line)s: filen kan inte läsas som CSV (%(problem)s).")
                % {"line": reader.line_num, "problem": exc}
            ) from exc
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if any("\x00" in cell for cell in record):
            # A form refuses it too; PostgreSQL cannot even compare with it.
            errors.append(ImportRowError(line, _("raden innehåller ett nolltecken (\\0)")))
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
    e-mail, unknown unit, duplicate in the file, e-mail already used by
    someone else, or a value the User model's fields refuse, such as an
    employee id over 50 characters or an e-mail too long to be the user
    name); valid rows are imported, or with `all_or_nothing` nothing
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
        first, last = _split_name(record["name"])
        row = _ImportRow(
            line=line,
            employee_id=record["employee_id"],
            first_name=first,
            last_name=last,
            email=email,
            unit=units.get(record["unit_code"]),
            professional_group=record["professional_group"],
        )
        if not problems:
            problems += _field_problems(row)
        if problems:
            errors.append(ImportRowError(line, "; ".join(str(p) for p in problems)))
            continue
        valid.append(row)

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


def users_import_audit(
    *, report: UserImportReport | UserImport, filename: str, request=None, actor=None
) -> None:
    """Log an import in the audit trail: its file and figures (not the people in it)."""
    audit_event_record(
        action=AuditAction.USERS_IMPORTED,
        request=request,
        actor=actor,
        target=filename,
        detail={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "errors": len(report.errors),
            "imported": report.imported,
        },
    )


def user_import_is_large(data: bytes) -> bool:
    """More rows than LARSPAR_USER_IMPORT_BACKGROUND_ROWS: imported by the task worker."""
    return data.count(b"\n") > settings.LARSPAR_USER_IMPORT_BACKGROUND_ROWS


@transaction.atomic
def user_import_request(
    *, requester: User, data: bytes, filename: str, all_or_nothing: bool = False
) -> UserImport:
    """Queue an HR import for the task worker (`user_import_run`, enqueued once this commits).

    The file is read there, so a file that cannot be read fails the job with
    the same message the immediate import shows.
    """
    job = UserImport.objects.create(
        requester=requester,
        filename=filename[:255],
        all_or_nothing=all_or_nothing,
        data=data,
        created_at=clock.now(),
    )
    transaction.on_commit(lambda: tasks.user_import_run.enqueue(import_id=job.pk))
    return job


def _import_run(job: UserImport) -> dict:
    report = users_import(data=bytes(job.data), all_or_nothing=job.all_or_nothing)
    users_import_audit(report=report, filename=job.filename, actor=job.requester)
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "imported": report.imported,
        "errors": [str(error) for error in report.errors],
        "data": b"",
    }


def user_import_run(*, import_id: int) -> UserImport | None:
    """Import a queued HR file (the task worker calls this) and keep its report on the job.

    As `users_import`: valid rows are imported (or none with all-or-nothing)
    and every bad row is reported as "Rad N: …". A file that cannot be read
    fails the job with its message; nothing is imported. Idempotent: a job
    no longer queued is left alone (None).
    """
    return job_run(
        model=UserImport,
        job_id=import_id,
        work=_import_run,
        told_errors=(UserImportFileError,),
    )


# --- Two-factor sign-in (django-otp) -------------------------------------------
# A person has at most one confirmed authenticator-app device (TOTP) and one
# set of recovery codes (a static device). The session counts as verified
# once django_otp.login() has stored the device that accepted a code.


class TwoFactorCodeWrong(DomainError):
    status = 400
    default_message = _lazy("Koden stämmer inte. Kontrollera koden i appen och försök igen.")


class TwoFactorThrottled(DomainError):
    status = 429
    default_message = _lazy(
        "Fel kod har angetts för många gånger. Vänta en stund och försök igen, "
        "eller kontakta din administratör."
    )

    def __init__(self, *, retry_after: int):
        super().__init__()
        self.retry_after = retry_after


TOTP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Reservkoder"


def _code_clean(code: str) -> str:
    """What a person types, as the devices compare it: no spaces or dashes, lower case."""
    return "".join(code.split()).replace("-", "").lower()


def _throttle_key(user: User) -> str:
    return f"two-factor:user:{user.pk}"


def _throttle_check(user: User) -> None:
    if rate_limit_reached(
        key=_throttle_key(user),
        limit=settings.LARSPAR_TWO_FACTOR_FAILURE_LIMIT,
        window=settings.LARSPAR_TWO_FACTOR_FAILURE_WINDOW,
    ):
        raise TwoFactorThrottled(
            retry_after=rate_limit_window_left(window=settings.LARSPAR_TWO_FACTOR_FAILURE_WINDOW)
        )


def _throttle_failure(user: User, *, request, step: str) -> None:
    rate_limit_hit(
        key=_throttle_key(user),
        limit=settings.LARSPAR_TWO_FACTOR_FAILURE_LIMIT,
        window=settings.LARSPAR_TWO_FACTOR_FAILURE_WINDOW,
    )
    audit_event_record(
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        actor=user,
        target=user.get_username(),
        detail={"step": step},
    )


@transaction.atomic
def two_factor_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator-app device `user` is setting up, made if missing.

    The same device (and so the same QR code) is returned until it is
    confirmed, so reloading the set-up page does not invalidate a code the
    person has already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def two_factor_enrol_confirm(
    *, user: User, code: str, request=None
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the device being set up with a code from the app; return it and new recovery codes.

    Replaces any earlier device and recovery codes of `user`. The recovery
    codes are returned once, to be shown once: only they exist afterwards in
    the database, each deleted when used. Raises TwoFactorCodeWrong (counted
    towards the wrong-code limit) or TwoFactorThrottled.
    """
    _throttle_check(user)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        accepted = device is not None and device.verify_token(_code_clean(code))
    if not accepted:
        _throttle_failure(user, request=request, step="enrol")
        raise TwoFactorCodeWrong
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
        audit_event_record(
            action=AuditAction.TWO_FACTOR_ENROLLED,
            request=request,
            actor=user,
            target=user.get_username(),
            detail={"recovery_codes": len(codes)},
        )
    return device, codes


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.LARSPAR_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def two_factor_verify(*, user: User, code: str, request=None):
    """The device of `user` that accepts `code` (app code or unused recovery code).

    A recovery code is used up and the use is logged. Wrong codes are counted
    per person (LARSPAR_TWO_FACTOR_FAILURE_LIMIT per window) and logged as
    failed sign-ins. Raises TwoFactorCodeWrong or TwoFactorThrottled; the
    caller marks the session verified (django_otp.login).
    """
    _throttle_check(user)
    cleaned = _code_clean(code)
    with transaction.atomic():
        accepted = None
        if cleaned:
            for device in [
                *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
                *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
            ]:
                if device.verify_token(cleaned):
                    accepted = device
                    break
        if isinstance(accepted, StaticDevice):
            audit_event_record(
                action=AuditAction.RECOVERY_CODE_USED,
                request=request,
                actor=user,
                target=user.get_username(),
                detail={"codes_left": accepted.token_set.count()},
            )
    if accepted is None:
        _throttle_failure(user, request=request, step="code")
        raise TwoFactorCodeWrong
    return accepted


@transaction.atomic
def two_factor_device_install(*, user: User, secret: str) -> TOTPDevice:
    """Give `user` a confirmed app device with a known base32 `secret`, if they have none.

    For the demo accounts only (fixtures/demo.yaml; the secret is published in
    the README so the demo can be tried with any authenticator app). Real
    people set up their own device, whose key only their app and the database hold.
    """
    existing = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if existing is not None:
        return existing
    key = b32decode(secret.replace(" ", "").upper()).hex()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True)


@transaction.atomic
def two_factor_reset(*, user: User, by, request=None) -> int:
    """Remove every two-factor device and recovery code of `user` (a lost phone).

    At the next sign-in a person who must use two-factor sign-in is led to
    set it up again. Returns the number of devices removed; logged.
    """
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    audit_event_record(
        action=AuditAction.TWO_FACTOR_RESET,
        request=request,
        actor=by,
        target=user.get_username(),
        detail={"user_id": user.pk, "devices": removed},
    )
    return removed
