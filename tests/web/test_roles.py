"""Roles in the app: the administrator's list of people, the password reset by e-mail, and a
navigation that offers each role only what it may open."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from mittaristo.core.roles import STRATEGY_LEAD, VIEWER


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    """The pages in English, whatever the site's default language (the reader's choice)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def admin(db, django_user_model):
    return django_user_model.objects.create_superuser("paakayttaja", password="admin-password-1")


def page(client, url="/app/roolit/", language="en"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_names_everyones_roles_with_links(
    client, admin, steward, goal_owner, viewer, strategy_lead
):
    client.force_login(admin)
    html = page(client)
    row = {name: _row(html, name) for name in ("paakayttaja", "tietovastaava", "omistaja")}
    assert "Administrator" in row["paakayttaja"]
    assert 'href="/app/mittarit/mittari/"' in row["tietovastaava"]  # the indicator they keep
    assert (
        'href="/app/tavoitteet/T1/"' in row["omistaja"]
        and "/app/tavoitteet/T2/" in (row["omistaja"])
    )
    checked = re.compile(r'name="(\w+)" value="1" checked')
    assert checked.findall(_row(html, "lukija")) == [VIEWER]
    assert checked.findall(_row(html, "strategia")) == [STRATEGY_LEAD]
    finnish = page(client, language="fi")
    # Finnish role names, whether or not the catalogue has them yet (the msgids fall back).
    assert "Pääkäyttäjä" in finnish or "Administrator" in finnish


def _row(html, username):
    start = html.index(f'<th scope="row">{username}')
    return html[start : html.index("</tr>", start)]


def test_the_administrator_grants_and_removes_group_roles(client, admin, viewer):
    client.force_login(admin)
    response = client.post(f"/app/roolit/{viewer.pk}/", {STRATEGY_LEAD: "1"}, follow=True)
    assert "are now: strategy lead." in response.content.decode()
    assert set(viewer.groups.values_list("name", flat=True)) == {STRATEGY_LEAD}
    other = Group.objects.create(name="not-a-role")
    viewer.groups.add(other)
    client.post(f"/app/roolit/{viewer.pk}/", {})  # nothing ticked: no role group left
    assert set(viewer.groups.values_list("name", flat=True)) == {"not-a-role"}  # others stay
    # The new strategy lead's pages follow: they opened the rounds as lead, now they may not.
    client.force_login(viewer)
    assert client.get("/app/").status_code == 403


def test_nobody_but_the_administrator_opens_or_changes_roles(
    client, steward, viewer, strategy_lead, goal_owner, outsider
):
    for user in (steward, viewer, strategy_lead, goal_owner, outsider):
        client.force_login(user)
        assert client.get("/app/roolit/").status_code == 403
        assert client.post(f"/app/roolit/{outsider.pk}/", {STRATEGY_LEAD: "1"}).status_code == 403
    assert not outsider.groups.exists()
    client.logout()
    assert client.get("/app/roolit/").status_code == 302


def test_a_password_is_reset_by_email(client, steward, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    steward.email = "tiina@example.org"
    steward.save()
    login = page(client, "/app/login/")
    assert 'href="/app/salasana/"' in login
    response = client.post("/app/salasana/", {"email": "TIINA@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["tiina@example.org"]
    link = re.search(r"http://testserver(/app/salasana/uusi/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)  # Django moves the token out of the address
    assert "Set a new password" in response.content.decode()
    url = response.redirect_chain[-1][0]
    new = "Uusi-salasana-2026"
    response = client.post(url, {"new_password1": new, "new_password2": new}, follow=True)
    assert "Your password is set" in response.content.decode()
    assert client.login(username="tietovastaava", password=new)
    client.logout()  # which forgets every cookie, the language's too
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "does not work" in client.get(link, follow=True).content.decode()  # used once only


def test_with_site_url_the_reset_link_is_on_the_site_whatever_host_the_request_named(
    client, steward, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://mittaristo.example.fi"
    steward.email = "tiina@example.org"
    steward.save()
    client.post("/app/salasana/", {"email": "tiina@example.org"})
    (message,) = mail.outbox
    assert "\nhttps://mittaristo.example.fi/app/salasana/uusi/" in message.body
    assert "testserver" not in message.body
    # An address no account has: the same answer, and no mail.
    response = client.post("/app/salasana/", {"email": "nobody@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode() and len(mail.outbox) == 1


NAV = {
    "/app/": "internal",
    "/app/tehtavat/": "internal",
    "/app/kierrokset/": "internal",
    "/app/kyselyt/": "internal",
    "/app/kaskadi/": "internal",
    "/app/muutostekijat/": "internal",
    "/app/prosessi/": "internal",
    "/app/tilastokatsaus/": "internal",
    "/app/investoinnit/": "internal",
    "/app/muutokset/": "internal",
    "/app/syotto/": "values",
    "/app/tuonti/": "values",
    "/app/roolit/": "roles",
}
MAY = {
    "admin": {"internal", "values", "roles"},
    "strategy_lead": {"internal"},
    "viewer": {"internal"},
    "goal_owner": {"internal"},
    "steward": {"internal", "values"},
    "outsider": set(),
}


@pytest.mark.parametrize("role", sorted(MAY))
def test_the_navigation_shows_what_the_role_may_open(client, request, role):
    request.getfixturevalue("minimal_strategy")  # the internal pages show a strategy
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    navigation = response.content.decode().split('aria-label="Account"')[1].split("</nav>")[0]
    shown = set(re.findall(r'href="(/app/[^"]*)"', navigation))
    assert shown == {url for url, need in NAV.items() if need in MAY[role]}
    for url in NAV:  # what is shown opens; what is not shown would refuse
        status = client.get(url).status_code
        # One's own indicators to enter: for any other role an empty list, which opens.
        opens = url in shown or (url == "/app/syotto/" and MAY[role])
        expected = 200 if opens else 403
        assert status == expected, (role, url, status)
