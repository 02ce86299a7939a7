"""The database cache's table, so that `mittaristo migrate` alone makes the login counts work.

Login throttling counts failures in a cache every server process shares (web/throttle.py), the
database's by default. `createcachetable` makes the table of every database cache in CACHES and
leaves existing ones alone; with Redis it does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_area_population_jobs")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
