"""The organisation's own area: found one way (Organisation.area), created only by a writer."""

from mittaristo.core.models import Area
from mittaristo.monitoring.evaluator import load_inputs


def test_the_own_area_is_the_municipality_with_the_organisations_code(minimal_strategy):
    organisation = minimal_strategy.organisation  # municipality 999
    # A region that happens to share the code is not the own area: the kind counts too.
    Area.objects.create(kind=Area.Kind.REGION, code="999", name={"fi": "Maakunta"})
    own = Area.objects.create(kind=Area.Kind.MUNICIPALITY, code="999", name={"fi": "Kunta"})
    Area.objects.create(kind=Area.Kind.MUNICIPALITY, code="111", name={"fi": "Heinola"})
    assert organisation.area == own
    assert organisation.get_or_create_area() == own
    assert Area.objects.count() == 3  # found, not created again


def test_an_own_area_not_stored_yet_is_read_unsaved_and_nothing_is_created(minimal_strategy):
    organisation = minimal_strategy.organisation
    area = organisation.area
    assert area.pk is None
    assert (area.kind, area.code, area.name) == ("municipality", "999", organisation.name)
    # Evaluating reads only: it works on the unsaved area and stores none.
    assert load_inputs(minimal_strategy).area.pk is None
    assert not Area.objects.exists()


def test_a_writer_stores_the_own_area_once_and_the_reader_then_finds_it(minimal_strategy):
    organisation = minimal_strategy.organisation
    created = organisation.get_or_create_area()
    assert created.pk is not None and created.name == organisation.name
    assert organisation.get_or_create_area() == created
    assert organisation.area == created
    assert Area.objects.count() == 1
