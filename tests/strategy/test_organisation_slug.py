"""The organisation's address from the strategy file (`organisation: {slug: …}`) and in the
admin: a lowercase slug, never one of the site's own first segments (docs/organisations.md)."""

import pytest
from django.utils import translation

from mittaristo.strategy.addresses import reserved_segments
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.strategy.definition.parse import DefinitionError
from mittaristo.strategy.models import Organisation
from tests.conftest import MINIMAL, ROOT
from tests.strategy.test_check_strategy import check, line_of

TEXT = MINIMAL.read_text(encoding="utf-8")


def with_slug(slug: str) -> str:
    return TEXT.replace("  name: Testikunta\n", f"  name: Testikunta\n  slug: {slug}\n", 1)


@pytest.mark.parametrize(
    "slug, words",
    [
        ("app", "one of the site's own addresses"),
        ("api", "one of the site's own addresses"),
        ("kysely", "one of the site's own addresses"),
        ("Heinola", "has characters a code cannot have"),
        ("heinola kaupunki", "has characters a code cannot have"),
        ('"111"', "digits only"),
    ],
)
def test_check_strategy_refuses_a_slug_with_its_line(tmp_path, capsys, slug, words):
    text = with_slug(slug)
    with translation.override("en"):
        code, _out, err, path = check(tmp_path, text, capsys)
    assert code == 1
    assert f"{path}:{line_of(text, '  slug:')}" in err and words in err, err


def test_the_reserved_segments_are_the_sites_own(db):
    assert {"app", "api", "admin", "kysely", "tavoitteet", "static"} <= reserved_segments()


@pytest.mark.django_db
def test_the_loader_sets_the_slug_and_a_file_without_one_keeps_it(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(with_slug("testila"), encoding="utf-8")
    strategy_load(definition=read_definition(path))
    assert Organisation.objects.get(code="999").slug == "testila"
    # Set in the admin later, it stays when a file without a slug is loaded again.
    Organisation.objects.filter(code="999").update(slug="muualla")
    strategy_load(definition=read_definition(MINIMAL))
    assert Organisation.objects.get(code="999").slug == "muualla"


@pytest.mark.django_db
def test_the_loader_refuses_another_organisations_address(tmp_path):
    Organisation.objects.create(code="998", name={"fi": "Toinen"}, slug="testila")
    path = tmp_path / "s.yaml"
    text = with_slug("testila")
    path.write_text(text, encoding="utf-8")
    with translation.override("en"), pytest.raises(DefinitionError) as error:
        strategy_load(definition=read_definition(path))
    (problem,) = error.value.problems
    assert problem.line == line_of(text, "  slug:")
    assert "another organisation's" in problem.message
    assert not Organisation.objects.filter(code="999").exists()


def test_the_shipped_files_name_their_addresses():
    folder = ROOT / "src" / "mittaristo" / "strategy" / "definitions"
    for name, slug in (
        ("heinola-2030.yaml", "heinola"),
        ("esimerkkikunta-2030.yaml", "esimerkkikunta"),
    ):
        definition = read_definition(folder / name)
        assert definition.data["organisation"]["slug"] == slug


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["app", "api", "Heinola", "123"])
def test_the_admin_refuses_a_slug_that_cannot_be_an_address(admin_client, minimal_strategy, slug):
    organisation = minimal_strategy.organisation
    response = admin_client.post(
        f"/admin/strategy/organisation/{organisation.pk}/change/",
        {"code": organisation.code, "name_fi": "Testikunta", "slug": slug},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200  # the form again, with the error
    organisation.refresh_from_db()
    assert organisation.slug != slug
