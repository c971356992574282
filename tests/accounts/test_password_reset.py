"""A person can choose a password by e-mail: after forgetting it, or as a newly imported account."""

import re

import pytest
from django.core import mail

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def reset_link(email_body: str) -> str:
    return re.search(r"https?://[^/]+(/accounts/losenord/[^\s]+/)", email_body).group(1)


def test_an_imported_account_without_password_can_choose_one_and_sign_in(client):
    user = make_user("importerad", email="ny@example.org")
    user.set_unusable_password()
    user.save()

    response = client.post("/accounts/losenord/", {"email": "NY@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "importerad" in mail.outbox[0].body

    form = client.get(reset_link(mail.outbox[0].body), follow=True)
    assert form.status_code == 200 and "Nytt lösenord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Kvinnofrid-2026!", "new_password2": "Kvinnofrid-2026!"},
    )
    assert done.status_code == 302
    assert client.login(username="importerad", password="Kvinnofrid-2026!")


def test_unknown_and_deactivated_addresses_get_the_same_answer_and_no_mail(client):
    make_user("borta", email="borta@example.org", is_active=False)
    for email in ("finns-inte@example.org", "borta@example.org"):
        response = client.post("/accounts/losenord/", {"email": email})
        assert response.status_code == 302 and response.url == "/accounts/losenord/skickat/"
    assert mail.outbox == []


def test_a_used_link_no_longer_works(client):
    make_user("anna", email="anna@example.org")
    client.post("/accounts/losenord/", {"email": "anna@example.org"})
    link = reset_link(mail.outbox[0].body)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Kvinnofrid-2026!", "new_password2": "Kvinnofrid-2026!"},
    )
    again = client.get(link, follow=True).content.decode()
    assert "Länken fungerar inte längre" in again


def test_the_sign_in_page_links_to_password_reset(client):
    assert "/accounts/losenord/" in client.get("/accounts/login/").content.decode()
