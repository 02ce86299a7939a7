"""Every token has its organisation now (0002): the column is required, and a token's name is
unique among its organisation's tokens in use."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_apitoken_organisation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="strategy.organisation",
                verbose_name="organisation",
                help_text="The organisation whose indicators it may write; no other's.",
            ),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.UniqueConstraint(
                condition=Q(revoked_at__isnull=True),
                fields=("organisation", "name"),
                name="one_active_token_name",
            ),
        ),
    ]
