"""A token belongs to one organisation: existing tokens get their indicators' organisation
(in an installation of one organisation, that one). The column becomes required in 0003, a
transaction of its own: PostgreSQL does not alter a table with updates pending in the same one."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


def fill_organisations(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    Organisation = apps.get_model("strategy", "Organisation")
    only = Organisation.objects.order_by("pk").first()
    for token in ApiToken.objects.filter(organisation__isnull=True):
        indicator = token.indicators.select_related("strategy").order_by("pk").first()
        organisation_id = indicator.strategy.organisation_id if indicator else None
        token.organisation_id = organisation_id or (only.pk if only else None)
        if token.organisation_id is None:  # no organisation at all: the token wrote nothing
            token.delete()
            continue
        token.save(update_fields=["organisation"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_tokens"),
        ("strategy", "0010_organisation_slug_memberships"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="apitoken", name="one_active_token_name"),
        migrations.AddField(
            model_name="apitoken",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="strategy.organisation",
                verbose_name="organisation",
                help_text="The organisation whose indicators it may write; no other's.",
            ),
        ),
        migrations.RunPython(fill_organisations, migrations.RunPython.noop),
    ]
