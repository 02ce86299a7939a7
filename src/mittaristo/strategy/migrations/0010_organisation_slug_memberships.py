"""Organisations get a public address (slug) and people roles per organisation (Membership).

The slug is made from the organisation's Finnish name. While an installation has one
organisation, the global role groups keep meaning "in that organisation"
(docs/organisations.md); they are also copied here into memberships of it, so that adding a
second organisation later takes nobody's role away.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify

# Copied, not imported: a migration keeps the names it was written with.
ROLE_GROUPS = ("strategy_lead", "viewer", "finance")
# The first segments of the site's own addresses, which an organisation's cannot be.
RESERVED = {"app", "api", "admin", "i18n", "static", "media", "kysely", "tavoitteet", "mittarit",
            "huomio", "muutokset", "kierrokset", "raportit", "health", "favicon-ico"}


def fill_slugs(apps, schema_editor):
    Organisation = apps.get_model("strategy", "Organisation")
    taken = set(RESERVED)
    for org in Organisation.objects.order_by("pk"):
        name = org.name.get("fi") if isinstance(org.name, dict) else str(org.name or "")
        base = slugify(name or "")[:50] or slugify(org.code)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        Organisation.objects.filter(pk=org.pk).update(slug=slug)


def memberships_from_groups(apps, schema_editor):
    Organisation = apps.get_model("strategy", "Organisation")
    Membership = apps.get_model("strategy", "Membership")
    Group = apps.get_model("auth", "Group")
    orgs = list(Organisation.objects.all()[:2])
    if len(orgs) != 1:
        return
    for group in Group.objects.filter(name__in=ROLE_GROUPS):
        for user in group.user_set.all():
            Membership.objects.get_or_create(user=user, organisation=orgs[0], role=group.name)


class Migration(migrations.Migration):

    dependencies = [
        ("strategy", "0009_mission_levels_groupings_subgoals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('strategy_lead', 'strategy lead'), ('viewer', 'viewer'), ('finance', 'finance')], max_length=30, verbose_name='role')),
            ],
            options={
                'verbose_name': 'membership',
                'verbose_name_plural': 'memberships',
            },
        ),
        migrations.AddField(
            model_name='historicalorganisation',
            name='slug',
            field=models.SlugField(blank=True, help_text="The public site's address: /address/ (e.g. heinola).", max_length=60, verbose_name='address'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='slug',
            field=models.SlugField(blank=True, help_text="The public site's address: /address/ (e.g. heinola).", max_length=60, verbose_name='address'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(condition=models.Q(('slug', ''), _negated=True), fields=('slug',), name='organisation_slug_unique'),
        ),
        migrations.AddField(
            model_name='membership',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='strategy.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='membership',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='person'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('user', 'organisation', 'role'), name='membership_unique'),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.RunPython(memberships_from_groups, migrations.RunPython.noop),
    ]
