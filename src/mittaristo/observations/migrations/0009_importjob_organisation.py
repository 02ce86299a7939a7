"""An import job belongs to the organisation it was started in; existing jobs, while the
installation has one organisation, to that one."""

import django.db.models.deletion
from django.db import migrations, models


def fill_organisation(apps, schema_editor):
    Organisation = apps.get_model("strategy", "Organisation")
    ImportJob = apps.get_model("observations", "ImportJob")
    first_two = list(Organisation.objects.order_by("pk")[:2])
    if len(first_two) == 1:
        ImportJob.objects.filter(organisation__isnull=True).update(organisation=first_two[0])


class Migration(migrations.Migration):
    dependencies = [
        ("observations", "0008_source_kind_api"),
        ("strategy", "0010_organisation_slug_memberships"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="strategy.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.RunPython(fill_organisation, migrations.RunPython.noop),
    ]
