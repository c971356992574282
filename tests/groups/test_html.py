"""Zero errors from the Nu HTML Checker on every kind of group page (as tests/a11y does)."""

import os

import pytest
from django.urls import reverse

from tests.a11y import vnu

pytestmark = [pytest.mark.html, pytest.mark.django_db]

OUT = vnu.ROOT / "build" / "html" / "groups"


def _fetch(client, url, *, method="get", status=200) -> str:
    response = getattr(client, method)(url)
    assert response.status_code == status, f"{method.upper()} {url}: {response.status_code}"
    return response.content.decode()


def test_group_pages_have_no_html_errors(
    client, facilitator, participant, group, open_meeting, clock
):
    why = vnu.missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"The HTML checker must run in CI: {why}")
        pytest.skip(why)
    ids = [group.pk, open_meeting.pk]
    pages = {}
    client.force_login(facilitator)
    pages["group-list"] = _fetch(client, reverse("groups:group-list"))
    pages["group-create"] = _fetch(client, reverse("groups:group-create"))
    pages["group-create-errors"] = _fetch(
        client, reverse("groups:group-create"), method="post", status=400
    )
    pages["group-detail-facilitator"] = _fetch(client, group.get_absolute_url())
    pages["meeting-detail"] = _fetch(client, open_meeting.get_absolute_url())
    for number in (1, 3):
        pages[f"present-{number}"] = _fetch(
            client, reverse("groups:meeting-present-slide", args=[*ids, number])
        )
    client.force_login(participant)
    register = reverse("groups:attendance-register", args=[open_meeting.attendance_code])
    pages["group-detail-participant"] = _fetch(client, group.get_absolute_url())
    pages["attendance-register"] = _fetch(client, register)
    pages["attendance-registered"] = _fetch(client, register, method="post")
    pages["attendance-code"] = _fetch(client, reverse("groups:attendance-code"))
    clock.move_to(open_meeting.attendance_code_expires_at)
    pages["attendance-expired"] = _fetch(client, register, status=410)

    OUT.mkdir(parents=True, exist_ok=True)
    files = []
    for name, html in pages.items():
        path = OUT / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    errors = vnu.check(files)
    report = "\n".join(
        f"- {e.get('url', '?').rsplit('/', 1)[-1]}:{e.get('lastLine', '?')}: {e.get('message')}"
        for e in errors
    )
    assert not errors, f"{len(errors)} HTML errors in {len(files)} pages:\n{report}"
