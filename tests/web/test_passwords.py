"""Weak passwords are refused wherever a password is set: here the admin's form for a new user."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("paakayttaja", password="x" * 20)
    client.force_login(admin)
    return client


def add_user(client, username, password):
    data = {
        "username": username,
        "usable_password": "true",
        "password1": password,
        "password2": password,
        "_save": "Save",
    }
    return client.post("/admin/auth/user/add/", data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaaaaaa", "too few different characters"),
        ("mittaristo", "too short"),
        ("Heinola2024", "too short"),
        ("Heinola2024!", "too close to the name of this service or municipality"),
        ("MITTARISTO-heinola-2025", "too close to the name of this service or municipality"),
        ("123456789012", "entirely numeric"),
        ("password1234", "too common"),
        ("maija.virtanen", "too similar to the username"),
    ],
)
def test_a_weak_password_is_refused(admin_client, password, reason):
    response = add_user(admin_client, "maija.virtanen", password)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not User.objects.filter(username="maija.virtanen").exists()


def test_a_long_passphrase_is_accepted(admin_client):
    response = add_user(admin_client, "maija.virtanen", "kuusi kettua juoksee järvelle")
    assert response.status_code == 302
    assert User.objects.get(username="maija.virtanen").check_password(
        "kuusi kettua juoksee järvelle"
    )
