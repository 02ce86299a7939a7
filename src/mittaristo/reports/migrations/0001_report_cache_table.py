"""The reports' cache table (REPORT_CACHE_URL, by default the database's), so that `mittaristo
migrate` alone makes the files built by the worker reach the web processes. A new database
gets it from core's 0004 as well; `createcachetable` leaves an existing table alone."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_cache_tables")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
