"""Login limits (web/throttle.py), counted in the shared "logins" cache: the database's here.

Each limit is shown first as the hole it closes: what a guesser could do without it.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory

from mittaristo.web import throttle

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WRONG = "Please enter a correct username and password"
LOCKED = "Too many failed attempts to log in. Try again in %d min."
RIGHT = "steward-password-1"


@pytest.fixture(autouse=True)
def empty_cache():
    caches["logins"].clear()
    yield
    caches["logins"].clear()


def log_in(client, password, username="tietovastaava", address="192.0.2.1", path="/app/login/"):
    data = {"username": username, "password": password}
    return client.post(path, data, REMOTE_ADDR=address, **EN)


def text(response):
    return response.content.decode()


def test_the_login_cache_is_the_database_by_default():
    assert caches["logins"].__class__.__name__ == "DatabaseCache"


def test_five_failed_logins_lock_the_name_from_that_address(client, steward, clock):
    for _attempt in range(4):
        assert WRONG in text(log_in(client, "wrong"))
    assert LOCKED % 15 in text(log_in(client, "wrong"))
    # Locked: even the right password is not checked, and nobody is logged in.
    response = log_in(client, RIGHT)
    assert response.status_code == 200 and LOCKED % 15 in text(response)
    assert "_auth_user_id" not in client.session
    # Another address, or another name, is not locked: a stranger cannot lock a person out.
    assert log_in(client, RIGHT, address="192.0.2.2").status_code == 302
    client.logout()
    # Fifteen minutes after the last failure the lock is gone.
    clock(15 * 60 - 5)
    assert LOCKED % 15 in text(log_in(client, RIGHT))
    clock(10)
    assert log_in(client, RIGHT).status_code == 302


def test_a_successful_login_clears_the_count(client, steward):
    for _attempt in range(4):
        log_in(client, "wrong")
    assert log_in(client, RIGHT).status_code == 302
    client.logout()
    for _attempt in range(4):
        assert WRONG in text(log_in(client, "wrong"))


def test_names_are_counted_without_regard_to_case(client, steward):
    for name in (
        "tietovastaava",
        "TietoVastaava",
        "TIETOVASTAAVA",
        "tietovastaavA",
        "tIETOvastaava",
    ):
        log_in(client, "wrong", username=name)
    assert LOCKED % 15 in text(log_in(client, RIGHT))


def test_many_names_from_one_address_meet_a_slower_limit(client, steward, settings):
    # One password tried on many names: each name fails only once, so the pair's limit never
    # bites; the address's own count does, after LOGIN_ADDRESS_FAILURE_LIMIT failures.
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 30
    for number in range(29):
        assert WRONG in text(log_in(client, "Kesä2024!", username=f"user{number}"))
    assert WRONG in text(log_in(client, "Kesä2024!", username="user29"))
    response = log_in(client, RIGHT)
    assert LOCKED % 60 in text(response) and "_auth_user_id" not in client.session
    # A successful login elsewhere does not reset the address, and other addresses go on.
    assert log_in(client, RIGHT, address="192.0.2.2").status_code == 302


def test_an_ipv6_network_counts_as_one_address(client, steward):
    for host in range(1, 6):
        log_in(client, "wrong", address=f"2001:db8:1:2::{host}")
    assert LOCKED % 15 in text(log_in(client, RIGHT, address="2001:db8:1:2:ffff::1"))
    assert log_in(client, RIGHT, address="2001:db8:1:3::1").status_code == 302


def test_one_name_guessed_from_many_addresses_waits_a_growing_delay(client, steward, clock):
    # The person has logged in from their office before.
    assert log_in(client, RIGHT, address="198.51.100.7").status_code == 302
    client.logout()
    # A guesser spreads ten attempts over three addresses: no pair reaches its limit.
    addresses = iter(f"203.0.113.{n}" for n in range(1, 250))
    for guesser, attempts in ((next(addresses), 4), (next(addresses), 4), (next(addresses), 2)):
        for _attempt in range(attempts):
            assert WRONG in text(log_in(client, "wrong", address=guesser))
    # The name's tenth failure: from now on each failure doubles the wait, for any new address.
    assert LOCKED % 1 in text(log_in(client, RIGHT, address=next(addresses)))
    clock(2)
    assert WRONG in text(log_in(client, "wrong", address=next(addresses)))  # now waits 2 s
    assert LOCKED % 1 in text(log_in(client, RIGHT, address=next(addresses)))
    for _failure in range(12):
        clock(20 * 60)
        assert WRONG in text(log_in(client, "wrong", address=next(addresses)))
    # The wait grows to LOGIN_LOCK_MINUTES and stops there: never a lock for good.
    assert LOCKED % 15 in text(log_in(client, RIGHT, address=next(addresses)))
    # The address the person logged in from before is not held back by strangers' guesses.
    assert log_in(client, RIGHT, address="198.51.100.7").status_code == 302
    client.logout()
    clock(15 * 60 + 1)
    assert log_in(client, RIGHT, address=next(addresses)).status_code == 302


def test_the_admin_login_is_limited_by_the_same_counts(client, steward):
    steward.is_staff = True
    steward.save()
    for _attempt in range(5):
        log_in(client, "wrong", path="/admin/login/")
    response = log_in(client, RIGHT, path="/admin/login/")
    assert LOCKED % 15 in text(response)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert LOCKED % 15 in text(log_in(client, RIGHT))


def test_the_cache_holds_neither_names_nor_addresses(client, steward):
    log_in(client, "wrong")
    log_in(client, RIGHT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM mittaristo_login_cache")
        rows = cursor.fetchall()
    assert len(rows) == 2  # the address's count; the address the person logged in from
    stored = " ".join(key + value for key, value in rows)
    assert "tietovastaava" not in stored.casefold() and "192.0.2" not in stored


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.9"
    )
    assert throttle.client_address(request) == "10.0.0.1"  # no proxy trusted: header ignored
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert throttle.client_address(request) == "192.0.2.9"  # the proxy's own entry


def test_a_flood_of_made_up_names_does_not_wash_a_lock_out(client, steward):
    # A full database cache deletes a third of its entries (300 by Django's default), and with
    # them the locks: a guesser with many addresses could empty it with made-up names.
    for _attempt in range(5):
        log_in(client, "wrong")
    for n in range(400):
        flood = throttle.Throttle(f"made-up-{n}", f"198.18.{n // 250}.{n % 250}")
        assert flood.refusal() is None
        flood.failed()
    assert LOCKED % 15 in text(log_in(client, RIGHT))
