"""Login pages from allauth: closed sign-up, password reset, rate limit, TOTP, the mailbox."""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
LOGIN = reverse("account_login")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and used TOTP codes live in the cache; each test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db) -> User:
    user = UserFactory.create(email="pat@partner.example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _totp_code(secret: str) -> str:
    """The current code, taken well inside its 30 s period so it is still current when checked."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_sign_up_is_by_invitation_only(client, db):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign-up is by invitation only" in body
    assert "Skip to main content" in body  # rendered inside the site layout
    post = client.post(
        reverse("account_signup"),
        {"email": "x@p.example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "Sign-up is by invitation only" in post.content.decode()
    assert not User.objects.filter(email="x@p.example.com").exists()


def test_login_page_uses_the_site_layout_and_logs_in_by_email(client, person):
    page = client.get(LOGIN)
    assert "Skip to main content" in page.content.decode()
    response = client.post(LOGIN, {"login": "pat@partner.example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert int(client.session["_auth_user_id"]) == person.pk


def test_password_reset_mails_a_link_that_sets_a_new_password(client, person, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": person.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [person.email]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    assert link is not None

    # allauth moves the key into the session and redirects to a key-less URL.
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"password1": "a-brand-new-passphrase-7", "password2": "a-brand-new-passphrase-7"}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-brand-new-passphrase-7")
    assert not person.check_password(PASSWORD)


def test_repeated_failed_logins_are_refused_even_with_the_right_password(client, person):
    for _ in range(5):
        failed = client.post(LOGIN, {"login": person.email, "password": "wrong-password"})
        assert failed.status_code == 200
        assert "Too many failed login attempts" not in failed.content.decode()
    refused = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert "Too many failed login attempts. Try again later." in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_after_activating_totp_login_asks_for_the_code(client, person):
    client.force_login(person)
    # allauth asks for the password again before adding an authenticator.
    reauth = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert reauth.status_code == 302
    index = client.get(reverse("mfa_index"))
    assert "Skip to main content" in index.content.decode()
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate.status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).count() == 1
    client.logout()

    login = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    right = client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})
    assert right.status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk


@pytest.fixture
def mailbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    message = EmailMultiAlternatives(
        subject="Your invitation",
        body="Follow https://portal.example.com/invitations/abc/ to join <b>us</b>.",
        to=["nora@partner.example.com"],
    )
    message.attach_alternative("<p>html</p>", "text/html")
    message.send()
    EmailMultiAlternatives(subject="Second", body="Plain.", to=["b@p.example.com"]).send()
    return tmp_path


def test_staff_read_the_mailbox_newest_first_with_live_links(client, staff, mailbox):
    client.force_login(staff)
    listing = client.get(reverse("devtools:mailbox"))
    assert listing.status_code == 200
    subjects = [entry.message["subject"] for entry in listing.context["entries"]]
    assert subjects == ["Second", "Your invitation"]
    entry = listing.context["entries"][1]
    detail = client.get(reverse("devtools:mailbox-message", args=[entry.name, entry.index]))
    body = detail.content.decode()
    assert "nora@partner.example.com" in body
    assert (
        '<a href="https://portal.example.com/invitations/abc/" rel="nofollow">'
        "https://portal.example.com/invitations/abc/</a>" in body
    )
    assert "&lt;b&gt;us&lt;/b&gt;" in body


def test_mailbox_is_for_staff_only(client, person, mailbox):
    names = [p.name for p in mailbox.iterdir()]
    for url in (
        reverse("devtools:mailbox"),
        reverse("devtools:mailbox-message", args=[names[0], 0]),
    ):
        assert client.get(url).status_code == 302
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        client.logout()


def test_mailbox_message_outside_the_folder_is_not_found(client, staff, mailbox):
    client.force_login(staff)
    assert client.get(reverse("devtools:mailbox-message", args=["..", 0])).status_code == 404
    name = next(mailbox.iterdir()).name
    assert client.get(reverse("devtools:mailbox-message", args=[name, 5])).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["account_reset_password", "account_email", "account_change_password", "mfa_index"],
)
def test_account_pages_render_inside_the_site_layout(client, person, name):
    client.force_login(person)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Skip to main content" in response.content.decode()
