"""Bulk import of staff from an HR export: every bad row reported, idempotent, all-or-nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from accounts.models import OrgUnit, Role, User
from accounts.services import UserImportFileError, org_unit_create, users_import

pytestmark = pytest.mark.django_db

HEADER = "employee_id,name,email,unit_code,professional_group\n"
GOOD = HEADER + (
    "E1,Anna Andersson,Anna@Example.org,NORR,Socialsekreterare\n"
    'E2,"Berg, Bo",bo@example.org,SYD,Förskollärare\n'
)


@pytest.fixture
def units(db):
    city = org_unit_create(code="STAD", name="Stad")
    return {
        "NORR": org_unit_create(code="NORR", name="Norr", parent=city),
        "SYD": org_unit_create(code="SYD", name="Syd", parent=city),
    }


def snapshot():
    return sorted(
        User.objects.values_list(
            "employee_id",
            "username",
            "first_name",
            "last_name",
            "email",
            "unit__code",
            "professional_group",
        )
    )


def test_valid_rows_create_learners_in_their_units(units):
    report = users_import(data=GOOD.encode())
    assert (report.created, report.updated, report.unchanged, report.errors) == (2, 0, 0, [])
    anna = User.objects.get(employee_id="E1")
    assert (anna.first_name, anna.last_name, anna.email, anna.username) == (
        "Anna",
        "Andersson",
        "anna@example.org",
        "anna@example.org",
    )
    assert anna.unit == units["NORR"] and anna.professional_group == "Socialsekreterare"
    assert anna.has_role(Role.LEARNER)
    assert not anna.has_usable_password()
    bo = User.objects.get(employee_id="E2")
    assert (bo.first_name, bo.last_name, bo.unit) == ("Bo", "Berg", units["SYD"])


def test_every_bad_row_is_reported_with_its_line_number_and_good_rows_are_imported(units):
    data = HEADER + (
        "E1,Anna Andersson,anna@example.org,NORR,Socialsekreterare\n"  # line 2: fine
        "E2,Bo Berg,bo@example.org,OKÄND,Förskollärare\n"  # line 3: unknown unit
        "E1,Anna Annan,annan@example.org,NORR,\n"  # line 4: duplicate employee id
        "E4,Cilla Ceder,inte-en-adress,SYD,\n"  # line 5: malformed e-mail
        "E5,Dan Dahl,anna@example.org,SYD,\n"  # line 6: duplicate e-mail
        ",Eva Ek,eva@example.org,SYD,\n"  # line 7: missing employee id
        "E7,Fia\n"  # line 8: too few columns
        "E8,Gun Gran,gun@example.org,SYD,Undersköterska\n"  # line 9: fine
    )
    report = users_import(data=data)
    messages = {error.line: error.message for error in report.errors}
    assert sorted(messages) == [3, 4, 5, 6, 7, 8]
    assert "okänd enhet ”OKÄND”" in messages[3]
    assert "anställningsnumret finns redan på rad 2" in messages[4]
    assert "felaktig e-postadress" in messages[5]
    assert "e-postadressen finns redan på rad 2" in messages[6]
    assert "employee_id saknas" in messages[7]
    assert "kolumner" in messages[8]
    assert str(report.errors[0]).startswith("Rad 3:")
    assert report.imported and report.created == 2
    assert set(User.objects.values_list("employee_id", flat=True)) == {"E1", "E8"}


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(units):
    data = GOOD + "E3,Cilla Ceder,cilla@example.org,OKÄND,\n"
    report = users_import(data=data, all_or_nothing=True)
    assert not report.imported
    assert [e.line for e in report.errors] == [4]
    assert not User.objects.exists()


def test_reimporting_the_same_file_changes_nothing(units):
    users_import(data=GOOD)
    before = snapshot()
    report = users_import(data=GOOD)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert snapshot() == before
    assert User.objects.count() == 2


def test_a_changed_row_updates_the_person_matched_by_employee_id(units):
    users_import(data=GOOD)
    moved = GOOD.replace("Anna@Example.org,NORR,Socialsekreterare", "anna@example.org,SYD,Kurator")
    report = users_import(data=moved)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    anna = User.objects.get(employee_id="E1")
    assert anna.unit == units["SYD"] and anna.professional_group == "Kurator"


def test_an_email_of_another_account_is_refused(units):
    User.objects.create_user(username="annan", email="anna@example.org", employee_id="X9")
    report = users_import(data=GOOD)
    assert [e.line for e in report.errors] == [2]
    assert "används redan av ett annat konto" in report.errors[0].message
    assert not User.objects.filter(employee_id="E1").exists()


def test_semicolons_swedish_headers_and_a_byte_order_mark_are_read(units):
    data = (
        "\ufeffAnställningsnummer;Namn;E-post;Enhetskod;Yrkesgrupp\r\n"
        "E1;Anna A;a@example.org;NORR;\r\n"
    )
    report = users_import(data=data.encode("utf-8"))
    assert report.created == 1 and not report.errors


def test_a_file_without_the_needed_columns_is_refused_as_a_whole(units):
    with pytest.raises(UserImportFileError, match="unit_code"):
        users_import(data="employee_id,name,email\nE1,A,a@example.org\n")
    with pytest.raises(UserImportFileError, match="UTF-8"):
        users_import(data="employee_id,name\n".encode("utf-16"))


def test_import_users_command_reports_errors_and_honours_all_or_nothing(units, tmp_path, capsys):
    path = tmp_path / "hr.csv"
    path.write_text(GOOD + "E3,Cilla Ceder,cilla@,SYD,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ingenting importerades"):
        call_command("import_users", str(path), "--all-or-nothing")
    assert not User.objects.exists()
    assert "Rad 4: felaktig e-postadress" in capsys.readouterr().err
    with pytest.raises(CommandError, match="övriga rader importerades"):
        call_command("import_users", str(path))
    assert User.objects.count() == 2
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_users", str(path))
    assert "Skapade 0, uppdaterade 0, oförändrade 2, fel 0." in capsys.readouterr().out


def test_admin_import_page_reports_errors(client, administrator, units):
    client.force_login(administrator)
    upload = SimpleUploadedFile("hr.csv", (GOOD + "E3,Cilla,c@example.org,OKÄND,\n").encode())
    response = client.post("/admin/accounts/user/import/", {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rad 4: okänd enhet ”OKÄND”" in html
    assert "Skapade 2" in html
    assert User.objects.filter(employee_id__in=["E1", "E2"]).count() == 2


def test_admin_import_page_is_for_staff_with_user_permissions(client, learner, units):
    client.force_login(learner)
    response = client.get("/admin/accounts/user/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_creates_and_moves_units_keeping_the_paths(client, administrator, units):
    client.force_login(administrator)
    response = client.post(
        "/admin/accounts/orgunit/add/",
        {"code": "NORR-1", "name": "Norr 1", "parent": units["NORR"].pk},
    )
    assert response.status_code == 302
    child = OrgUnit.objects.get(code="NORR-1")
    assert child.path == f"{units['NORR'].path}{child.pk}/"
    response = client.post(
        f"/admin/accounts/orgunit/{units['NORR'].pk}/change/",
        {"code": "NORR", "name": "Norr", "parent": units["SYD"].pk},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.path.startswith(OrgUnit.objects.get(code="SYD").path)
    assert list(OrgUnit.objects.subtree_of([units["SYD"]]).values_list("code", flat=True)) == [
        "SYD",
        "NORR",
        "NORR-1",
    ]
    response = client.post(
        f"/admin/accounts/orgunit/{units['SYD'].pk}/change/",
        {"code": "SYD", "name": "Syd", "parent": child.pk},
    )
    assert response.status_code == 200 and "under sig själv" in response.content.decode()


def test_imports_are_logged_in_the_audit_log(client, administrator, units, tmp_path):
    from audit.models import AuditEvent

    client.force_login(administrator)
    client.post(
        "/admin/accounts/user/import/", {"file": SimpleUploadedFile("hr.csv", GOOD.encode())}
    )
    path = tmp_path / "hr.csv"
    path.write_text(GOOD)
    call_command("import_users", str(path))
    first, second = AuditEvent.objects.order_by("pk")
    assert (first.action, first.actor, first.target) == ("import", administrator, "hr.csv")
    assert first.detail["created"] == 2
    assert (second.actor_label, second.detail["unchanged"]) == ("system", 2)


# --- Values the User model refuses are row errors, not a crash (SQLite and PostgreSQL) ---------

LONG_EMAIL = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + ".se"  # valid, but 194 > 150 (user name)


def _over_long_rows() -> str:
    return HEADER + (
        "E1,Anna Andersson,anna@example.org,NORR,\n"  # line 2: fine
        f"{'E' * 51},Bo Berg,bo@example.org,NORR,\n"  # line 3: employee id over 50
        f"E3,Cilla Ceder,{LONG_EMAIL},NORR,\n"  # line 4: e-mail too long for a user name
        f"E4,Dan {'D' * 151},dan@example.org,NORR,\n"  # line 5: last name over 150
        f"E5,Eva Ek,eva@example.org,NORR,{'Y' * 101}\n"  # line 6: professional group over 100
        "E6,Fia Fors,fia!fors@example.org,NORR,\n"  # line 7: a character a user name cannot hold
        "E7,Gun\x00 Gran,gun@example.org,NORR,\n"  # line 8: a NUL character
        "E8,Hugo Holm,hugo@example.org,NORR,\n"  # line 9: fine
    )


def _assert_over_long_rows_reported(report) -> None:
    messages = {error.line: str(error) for error in report.errors}
    assert sorted(messages) == [3, 4, 5, 6, 7, 8], messages
    assert messages[3].startswith("Rad 3: employee_id:") and "50" in messages[3]
    assert messages[4].startswith("Rad 4: email:") and "150" in messages[4]
    assert messages[5].startswith("Rad 5: name:") and "150" in messages[5]
    assert messages[6].startswith("Rad 6: professional_group:") and "100" in messages[6]
    assert messages[7].startswith("Rad 7: email:")
    assert messages[8].startswith("Rad 8:") and "nolltecken" in messages[8]
    assert set(User.objects.values_list("employee_id", flat=True)) == {"E1", "E8"}


def test_values_too_long_for_their_columns_are_row_errors(units):
    _assert_over_long_rows_reported(users_import(data=_over_long_rows()))


@pytest.mark.postgres
def test_values_too_long_for_their_columns_are_row_errors_on_postgresql(units, tmp_path, capsys):
    """On PostgreSQL these used to raise DataError (a traceback from the command)."""
    path = tmp_path / "hr.csv"
    path.write_text(_over_long_rows(), encoding="utf-8")
    with pytest.raises(CommandError, match="övriga rader importerades"):
        call_command("import_users", str(path))
    err = capsys.readouterr().err
    assert "Rad 3: employee_id:" in err and "Rad 4: email:" in err
    assert set(User.objects.values_list("employee_id", flat=True)) == {"E1", "E8"}


def test_all_or_nothing_with_an_over_long_value_writes_nothing(units):
    report = users_import(data=_over_long_rows(), all_or_nothing=True)
    assert not report.imported and not User.objects.exists()


def test_a_cell_beyond_the_csv_limit_refuses_the_file_not_crashes(units):
    data = (
        HEADER + "E1,Anna,anna@example.org,NORR,\n" + f'E2,"{"x" * 200_000}",b@example.org,NORR,\n'
    )
    with pytest.raises(UserImportFileError, match="Rad 3"):
        users_import(data=data)
    assert not User.objects.exists()
