"""HEAD on every GET address of the API answers as GET, without the body."""

import httpx
import pytest

from mittaristo.reviews.models import ReviewRound

from .test_read_api import LISTS

SAME = ("ETag", "Last-Modified", "Content-Type", "X-Total-Count", "Link", "Vary")


@pytest.mark.django_db
def test_head_answers_as_get_without_a_body(client, demo_db):
    demo = ReviewRound.objects.get()
    urls = [f"/api/v1/{name}/?page_size=2" for name in LISTS] + [
        "/api/v1/observations/?format=csv",
        "/api/v1/observations/?format=jsonstat",
        f"/api/v1/rounds/{demo.pk}/",
        f"/api/v1/strategies/{demo.strategy.organisation.code}/{demo.strategy.code}/",
        "/api/schema/",
    ]
    for url in urls:
        get, head = client.get(url), client.head(url)
        assert get.status_code == head.status_code == 200, url
        assert head.content == b"" and get.content, url
        assert head["Content-Length"] == str(len(get.content)), url
        for name in SAME:
            assert head.get(name) == get.get(name), (url, name)
        if "schema" not in url:  # the schema has no validators
            assert head["ETag"], url
            again = client.head(url, HTTP_IF_NONE_MATCH=get["ETag"])
            assert again.status_code == 304, url
    # An error is the same error.
    assert client.head("/api/v1/goals/?colour=red").status_code == 400
    assert client.head("/api/v1/rounds/999999/").status_code == 404


def test_a_real_server_sends_no_body_for_head(live_server, demo_committed):
    """Over HTTP (the test client drops a HEAD's body itself): headers, no body."""
    url = f"{live_server.url}/api/v1/observations/?indicator=tyopaikat"
    with httpx.Client(timeout=30) as http:
        get, head = http.get(url), http.head(url)
    assert get.status_code == head.status_code == 200
    assert head.content == b"" and head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))
