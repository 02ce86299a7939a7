"""Each role on the existing pages: what it may open and do, and 403 with nothing changed else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mittaristo.observations.models import Observation

pytestmark = pytest.mark.django_db
CSV = "indikaattori;alue;kausi;arvo\nmittari;999;2021;6 000\n"


@pytest.fixture
def indicator(minimal_strategy):
    return minimal_strategy.indicators.get(code="mittari")


@pytest.fixture
def people(steward, viewer, strategy_lead, goal_owner, outsider, admin_user):
    return {
        "steward": steward,
        "viewer": viewer,
        "lead": strategy_lead,
        "owner": goal_owner,
        "outsider": outsider,
        "admin": admin_user,
    }


def status(client, user, method, url, data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


def enter_value(client, user, indicator):
    area = indicator.strategy.organisation.get_or_create_area()
    data = {"area": area.pk, "period": "2024", "value": "6 100", "status": "final", "note": ""}
    return status(client, user, "post", f"/app/syotto/{indicator.pk}/", data)


def test_anonymous_visitors_are_sent_to_log_in(client, indicator):
    for url in ["/app/", "/app/syotto/", f"/app/syotto/{indicator.pk}/", "/app/tuonti/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/app/login/?next=")
    assert client.get("/app/vienti/?format=csv").status_code == 302


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", {"list": 200, "page": 200, "import": 200, "export": 200}),
        ("steward", {"list": 200, "page": 200, "import": 200, "export": 200}),
        ("lead", {"list": 200, "page": 403, "import": 403, "export": 200}),
        ("owner", {"list": 200, "page": 403, "import": 403, "export": 200}),
        ("viewer", {"list": 200, "page": 403, "import": 403, "export": 200}),
        ("outsider", {"list": 403, "page": 403, "import": 403, "export": 403}),
    ],
)
def test_what_each_role_may_open(client, people, indicator, who, expected):
    user = people[who]
    urls = {
        "list": "/app/syotto/",
        "page": f"/app/syotto/{indicator.pk}/",
        "import": "/app/tuonti/",
        "export": "/app/vienti/?format=csv",
    }
    assert {name: status(client, user, "get", url) for name, url in urls.items()} == expected


@pytest.mark.parametrize("who", ["lead", "owner", "viewer", "outsider"])
def test_only_the_steward_enters_a_value_the_others_get_403_and_nothing_changes(
    client, people, indicator, who
):
    assert enter_value(client, people[who], indicator) == 403
    assert not Observation.objects.exists()
    assert enter_value(client, people["steward"], indicator) == 302
    assert Observation.objects.current().get().recorded_by == people["steward"]


@pytest.mark.parametrize("who", ["lead", "owner", "viewer", "outsider"])
def test_only_the_steward_imports_the_others_get_403_and_nothing_changes(
    client, people, indicator, who, tmp_path, settings
):
    settings.UPLOAD_DIR = tmp_path
    file = SimpleUploadedFile("arvot.csv", CSV.encode(), content_type="text/csv")
    assert status(client, people[who], "post", "/app/tuonti/", {"file": file}) == 403
    assert status(client, people[who], "post", "/app/tuonti/tallenna/") == 403
    assert not Observation.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_after_logging_in_every_role_lands_on_the_internal_overview(client, people, settings):
    assert settings.LOGIN_REDIRECT_URL == "app-overview"
    expected = {
        "steward": 200,
        "admin": 200,
        "viewer": 200,
        "lead": 200,
        "owner": 200,
        "outsider": 403,  # a login without a role opens nothing internal
    }
    assert {who: status(client, user, "get", "/app/") for who, user in people.items()} == expected


def test_a_403_page_says_why_in_the_readers_language(client, outsider):
    client.force_login(outsider)
    response = client.get("/app/syotto/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>No access</h1>" in html
    assert "Your account has no role that opens this page." in html
