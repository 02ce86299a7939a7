"""The answering pages read and write the database a fixed number of times, however many
questions and choices the survey has: a public round takes many answers a second
(bench/survey_load.py), and each query is a round trip on every one of them."""

import re

import pytest
from django.urls import reverse

from mittaristo.surveys.models import Choice, Question, Response

from .answering_survey import build_round, page_one, page_two

pytestmark = pytest.mark.django_db


def page(survey_round, number):
    return reverse("survey-answer-section", kwargs={"pk": survey_round.pk, "number": number})


def more_questions(survey_round, count):
    """`count` more optional single-choice questions of four choices on page 2."""
    section = survey_round.survey.sections.order_by("order").last()
    for n in range(count):
        question = Question.objects.create(
            section=section, order=10 + n, code=f"extra{n}", kind="single", text={"fi": "Lisä"}
        )
        Choice.objects.bulk_create(
            Choice(question=question, order=i, code=f"c{i}", label={"fi": f"{i}"}) for i in range(4)
        )


def send_in(client, survey_round, django_assert_num_queries, queries):
    """Page 1 answered, page 2 shown; its sending (with the key, as a browser sends it) in
    `queries` queries, savepoints included."""
    client.post(page(survey_round, 1), page_one(survey_round))
    shown = client.get(page(survey_round, 2)).content.decode()
    data = page_two(survey_round) | {"key": re.search(r'name="key" value="([^"]+)"', shown)[1]}
    with django_assert_num_queries(queries):
        sent = client.post(page(survey_round, 2), data)
    assert sent.url.endswith("/kiitos/")


@pytest.mark.parametrize("extra", [0, 10])
def test_sending_takes_the_same_queries_however_many_questions(
    client, django_assert_num_queries, extra
):
    survey_round = build_round()
    more_questions(survey_round, extra)
    send_in(client, survey_round, django_assert_num_queries, 10)
    assert Response.objects.count() == 1


def test_the_thank_you_page_reads_only_the_round_and_its_survey(client, django_assert_num_queries):
    survey_round = build_round()
    with django_assert_num_queries(1):
        page_ = client.get(reverse("survey-answer-thanks", kwargs={"pk": survey_round.pk}))
    assert page_.status_code == 200


def test_the_options_are_written_as_django_s_templates_write_them():
    """WrittenOptions gives each radio and checkbox the HTML of Django's own templates: an
    unanswered page, and one sent back with choices made and an error."""
    from django import forms
    from django.http import QueryDict

    from mittaristo.web.survey_forms import SectionForm

    survey_round = build_round()
    sections = list(survey_round.survey.sections.all())
    sent = QueryDict(mutable=True)
    sent.update(page_one(survey_round, tyytyvaisyys=None))
    services, chosen = next(iter(page_two(survey_round).items()))  # the multiple choice
    sent.setlist(services, chosen)
    checked = 0
    for section in sections:
        for data in (None, sent):
            form = SectionForm(data, section=section)
            if data is not None:
                form.is_valid()  # the errors and the choices made shown again
            for _question, field in form.questions_with_fields():
                if not isinstance(field.field.widget, forms.RadioSelect):
                    continue
                for option in field:
                    context = {"widget": {**option.data, "wrap_label": True}}
                    django_s = forms.Widget._render(
                        option.parent_widget, option.template_name, context, option.renderer
                    )
                    assert str(option) == django_s
                    checked += 1
    assert checked > 20


def test_a_kept_thank_you_page_reads_nothing_and_an_unknown_round_is_not_found(
    client, django_assert_num_queries
):
    survey_round = build_round()
    thanks = reverse("survey-answer-thanks", kwargs={"pk": survey_round.pk})
    made = client.get(thanks).content.decode()
    with django_assert_num_queries(0):
        kept = client.get(thanks).content.decode()
    assert kept.count("Asukaskysely") == made.count("Asukaskysely") >= 1
    unknown = reverse("survey-answer-thanks", kwargs={"pk": survey_round.pk + 1000})
    assert client.get(unknown).status_code == 404
