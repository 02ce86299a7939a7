"""Single sign-on with OpenID Connect (core/sso.py, web/sso_views.py), without a network.

The provider's token and userinfo endpoints are replaced by answers made here; the ID token is
signed with the client secret (HS256), so its signature and nonce are checked for real.
"""

import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from mozilla_django_oidc import auth as oidc_auth

from mittaristo.core.roles import ROLE_GROUPS, STRATEGY_LEAD, VIEWER, groups_of

SECRET = "client-secret-for-the-tests-only-0123456789"
PROVIDER = "https://login.example.test/tenant"
LEAD_GROUP, VIEWER_GROUP = "3f2a0c1e-lead", "9c1b7d2f-viewers"


@pytest.fixture
def sso(settings):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "mittaristo"
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_PROVIDER_NAME = "Heinola ID"
    settings.OIDC_GROUP_ROLES = {LEAD_GROUP: [STRATEGY_LEAD], VIEWER_GROUP: [VIEWER]}
    return settings


class Answer:
    def __init__(self, data):
        self.data, self.status_code, self.headers = data, 200, {}
        self.url, self.text = "", ""

    def json(self):
        return self.data

    def raise_for_status(self):
        pass


@pytest.fixture
def provider(monkeypatch):
    """The provider's endpoints: `provider.claims` is who signs in next; `provider.key` signs."""

    class Provider:
        claims: dict = {}
        key = SECRET
        requests: list = []

        def post(self, url, data=None, **kwargs):
            self.requests.append((url, data))
            assert url == f"{PROVIDER}/token" and data["grant_type"] == "authorization_code"
            token = jwt.encode(
                {"iss": PROVIDER, "aud": ["mittaristo"], "sub": "x1", **self.claims},
                self.key,
                algorithm="HS256",
            )
            return Answer({"id_token": token, "access_token": "access", "token_type": "Bearer"})

        def get(self, url, headers=None, **kwargs):
            assert url == f"{PROVIDER}/userinfo" and headers["Authorization"] == "Bearer access"
            # As Entra ID's userinfo: who, but not the groups (they are in the ID token).
            return Answer({"sub": "x1", "email": self.claims["email"]})

    fake = Provider()
    monkeypatch.setattr(oidc_auth.requests, "post", fake.post)
    monkeypatch.setattr(oidc_auth.requests, "get", fake.get)
    return fake


def sign_in(client, provider, **claims):
    """The whole round: the login button, the provider, its return; the final response."""
    start = client.get(reverse("oidc_authentication_init"), {"next": "/app/"})
    assert start.status_code == 302 and start["Location"].startswith(f"{PROVIDER}/authorize?")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["client_id"] == ["mittaristo"]
    provider.claims = {"nonce": query["nonce"][0], **claims}
    return client.get(
        reverse("oidc_authentication_callback"), {"code": "one-time", "state": query["state"][0]}
    )


def test_the_settings_roles_are_the_role_groups(settings):
    assert set(settings.SSO_ROLES) == set(ROLE_GROUPS)


@pytest.mark.django_db
def test_a_new_person_gets_the_role_of_their_group_and_loses_it_with_the_group(
    client, sso, provider
):
    answer = sign_in(
        client,
        provider,
        email="Maija.Meikalainen@heinola.fi",
        given_name="Maija",
        family_name="Meikäläinen",
        groups=[LEAD_GROUP, "some-other-group"],
    )
    assert answer.status_code == 302 and answer["Location"] == "/app/"
    user = get_user_model().objects.get(email="Maija.Meikalainen@heinola.fi")
    assert user.username == "maija.meikalainen@heinola.fi" and user.last_name == "Meikäläinen"
    assert not user.has_usable_password()
    assert groups_of(user) == {STRATEGY_LEAD}
    assert client.get("/app/").status_code == 200

    # Next time the provider no longer lists her in a mapped group: no role, the same account.
    client.logout()
    sign_in(client, provider, email="maija.meikalainen@heinola.fi", groups=["some-other-group"])
    user = get_user_model().objects.get(email__iexact="maija.meikalainen@heinola.fi")
    assert groups_of(user) == set()
    assert client.get("/app/").status_code == 403


@pytest.mark.django_db
def test_a_person_without_a_mapped_group_gets_no_role(client, sso, provider):
    sign_in(client, provider, email="someone@heinola.fi", groups=["unrelated"])
    user = get_user_model().objects.get(email="someone@heinola.fi")
    assert user.groups.count() == 0
    assert client.get("/app/").status_code == 403


@pytest.mark.django_db
def test_an_existing_account_is_found_by_its_address_and_keeps_its_password(
    client, sso, provider, django_user_model
):
    user = django_user_model.objects.create_user(
        "tiina", email="tiina.tieto@heinola.fi", password="steward-password-1"
    )
    sign_in(client, provider, email="TIINA.TIETO@heinola.fi", groups=[VIEWER_GROUP])
    user.refresh_from_db()
    assert groups_of(user) == {VIEWER} and user.check_password("steward-password-1")
    assert django_user_model.objects.count() == 1
    client.logout()
    assert client.login(username="tiina", password="steward-password-1")  # password login stays


@pytest.mark.django_db
def test_a_token_not_signed_by_the_provider_signs_nobody_in(client, sso, provider):
    provider.key = "someone-elses-key-of-sufficient-length-0123"
    answer = sign_in(client, provider, email="intruder@example.test", groups=[LEAD_GROUP])
    # mozilla-django-oidc answers a forged token as a suspicious request (400, logged).
    assert answer.status_code == 400
    assert not get_user_model().objects.filter(email="intruder@example.test").exists()
    assert client.get("/app/").status_code == 302  # to the login page


@pytest.mark.django_db
def test_a_token_issued_to_another_application_signs_nobody_in(client, sso, provider):
    answer = sign_in(
        client, provider, email="someone@heinola.fi", groups=[LEAD_GROUP], aud="another-app"
    )
    assert answer.status_code == 400
    assert not get_user_model().objects.filter(email="someone@heinola.fi").exists()


@pytest.mark.django_db
def test_a_sign_in_the_provider_refused_returns_to_the_login_page_with_a_message(client, sso):
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    answer = client.get(
        reverse("oidc_authentication_callback"), {"error": "access_denied", "state": state}
    )
    assert answer.status_code == 302 and answer["Location"] == "/app/login/?sso=failed"
    page = client.get(answer["Location"], headers={"accept-language": "en"})
    assert b"Single sign-on did not succeed" in page.content


@pytest.mark.django_db
def test_the_login_page_shows_the_button_only_when_configured(client, settings):
    page = client.get(reverse("login"), headers={"accept-language": "en"})
    assert b"/app/sso/" not in page.content and b"single sign-on" not in page.content
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404

    settings.OIDC_ENABLED, settings.OIDC_PROVIDER_NAME = True, "Heinola ID"
    page = client.get(reverse("login"), {"next": "/app/"}, headers={"accept-language": "en"})
    assert b'href="/app/sso/?next=/app/"' in page.content
    assert b"Log in with Heinola ID" in page.content
    assert b'name="password"' in page.content  # the password form stays


def settings_with(**variables) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "true", **variables}
    return subprocess.run(
        [sys.executable, "-c", "import mittaristo.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_single_sign_on_half_configured_or_with_an_unknown_role_stops_the_app():
    endpoints = {
        "OIDC_CLIENT_SECRET": "s",
        "OIDC_AUTHORIZATION_ENDPOINT": f"{PROVIDER}/authorize",
        "OIDC_TOKEN_ENDPOINT": f"{PROVIDER}/token",
        "OIDC_USERINFO_ENDPOINT": f"{PROVIDER}/userinfo",
        "OIDC_JWKS_ENDPOINT": f"{PROVIDER}/keys",
    }
    half = settings_with(OIDC_CLIENT_ID="mittaristo", OIDC_CLIENT_SECRET="s")
    assert half.returncode != 0
    assert "OIDC_AUTHORIZATION_ENDPOINT, OIDC_TOKEN_ENDPOINT, OIDC_USERINFO_ENDPOINT" in half.stderr
    unknown = settings_with(
        OIDC_CLIENT_ID="mittaristo", OIDC_GROUP_ROLES="g1=viewer,g2=superuser", **endpoints
    )
    assert unknown.returncode != 0 and "roles that do not exist: superuser" in unknown.stderr
    whole = settings_with(
        OIDC_CLIENT_ID="mittaristo", OIDC_GROUP_ROLES="g1=viewer;finance", **endpoints
    )
    assert whole.returncode == 0, whole.stderr
