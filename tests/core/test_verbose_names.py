"""Every field and model of the project's apps has a label of its own, marked for translation.

Without one Django makes a label from the field's name ("recorded by", "built version"), in
English whatever the reader's language: the admin then shows English among the Finnish. The
walk covers every model of every app under mittaristo, simple-history's historical ones too, so
a new field without a label fails here, named.
"""

from django.apps import apps
from django.utils.functional import Promise


def project_models():
    for config in apps.get_app_configs():
        if config.name.startswith("mittaristo."):
            yield from config.get_models()


def unlabelled_fields(model):
    for field in model._meta.get_fields(include_parents=False):
        if field.auto_created or not (field.concrete or field.many_to_many):
            continue  # the automatic primary key, and the reverse side of a relation
        _name, _path, _args, kwargs = field.deconstruct()
        if not isinstance(kwargs.get("verbose_name"), Promise):
            yield f"{model._meta.label}.{field.name}"


def test_the_walk_sees_the_project_and_its_history_models():
    labels = {model._meta.label for model in project_models()}
    assert {"strategy.Goal", "strategy.HistoricalGoal", "observations.ImportJob"} <= labels
    assert "reviews.Assessment" in labels and "auth.User" not in labels


def test_every_field_has_a_translated_label():
    missing = [name for model in project_models() for name in unlabelled_fields(model)]
    assert not missing, "fields without a verbose_name=_(…): " + ", ".join(missing)


def test_every_model_has_a_translated_name_singular_and_plural():
    missing = [
        f"{model._meta.label}.{option}"
        for model in project_models()
        for option in ("verbose_name", "verbose_name_plural")
        if not isinstance(model._meta.original_attrs.get(option), Promise)
    ]
    assert not missing, "models without a translated Meta name: " + ", ".join(missing)


def test_a_field_without_a_label_would_be_named():
    from django.db import models

    class Unlabelled(models.Model):
        size = models.IntegerField()
        note = models.CharField("note", max_length=10)  # a label, but not for translation

        class Meta:
            app_label = "core"

        def __str__(self):
            return self.note

    try:
        assert list(unlabelled_fields(Unlabelled)) == [
            "core.Unlabelled.size",
            "core.Unlabelled.note",
        ]
    finally:
        apps.all_models["core"].pop("unlabelled", None)
        apps.clear_cache()
