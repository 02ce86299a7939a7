"""The password reset form is throttled per e-mail address and per client address (web/throttle.py).

Without the limits anyone could make the app send a person mail without end, or try addresses.
"""

import pytest
from django.core import mail
from django.core.cache import caches

pytestmark = pytest.mark.django_db
LIMITED = "Too many requests to reset a password. Try again in 60 min."
SENT = "Check your e-mail"


@pytest.fixture(autouse=True)
def setup(settings, steward):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    steward.email = "tiina@example.org"
    steward.save()
    caches["logins"].clear()
    yield
    caches["logins"].clear()


def ask(client, email, address="192.0.2.1"):
    response = client.post(
        "/app/salasana/",
        {"email": email},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    return response.content.decode()


def test_one_email_address_gets_three_mails_then_a_plain_refusal(client, settings):
    assert settings.PASSWORD_RESET_LIMIT == 3
    for number in range(3):
        assert SENT in ask(client, "tiina@example.org", address=f"192.0.2.{number + 1}")
    assert len(mail.outbox) == 3
    # From yet another client address, in any case: the address is counted, not the client.
    page = ask(client, "TIINA@example.org ", address="192.0.2.9")
    assert LIMITED in page and SENT not in page
    assert len(mail.outbox) == 3
    # An address no account has is refused in the same words: the limit tells nothing.
    for _request in range(3):
        ask(client, "nobody@example.org", address="192.0.2.10")
    assert LIMITED in ask(client, "nobody@example.org", address="192.0.2.10")


def test_one_client_address_meets_a_limit_whatever_the_email_addresses(client, settings):
    assert settings.PASSWORD_RESET_ADDRESS_LIMIT == 20
    for number in range(20):
        assert SENT in ask(client, f"someone{number}@example.org")
    page = ask(client, "tiina@example.org")
    assert LIMITED in page and len(mail.outbox) == 0
    # Another client address goes on.
    assert SENT in ask(client, "tiina@example.org", address="192.0.2.2")
    assert len(mail.outbox) == 1


def test_the_limit_ends_an_hour_after_the_last_counted_request(client, clock):
    for _request in range(3):
        ask(client, "tiina@example.org")
    clock(59 * 60)
    assert LIMITED in ask(client, "tiina@example.org")  # refused requests do not extend it
    clock(2 * 60)
    assert SENT in ask(client, "tiina@example.org")
    assert len(mail.outbox) == 4
