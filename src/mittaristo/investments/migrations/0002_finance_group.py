"""The role group finance: keeps the investment register (core/roles.can_manage_investments)."""

from django.db import migrations

# Copied, not imported: a migration keeps the names it was written with.
GROUP = "finance"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("investments", "0001_investment_register"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
