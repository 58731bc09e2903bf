"""A test that commits is undone by emptying every table but the content types and
permissions `migrate` wrote (flushing.py): the next test starts from nothing else."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.tests import flushing
from theodoi.organisation.tests.factories import UnitFactory


@pytest.mark.django_db(transaction=True)
def test_every_table_is_emptied_but_what_migrate_wrote() -> None:
    kept = (ContentType.objects.count(), Permission.objects.count())
    UserFactory.create(unit=UnitFactory.create())
    assert kept[0] >= len(apps.get_models()) - 5 and kept[1] > kept[0]
    flushing.flush_tables("default")
    left = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model not in flushing.MIGRATE_ROWS and model._meta.managed and not model._meta.proxy
    }
    assert set(left.values()) == {0}, {label: n for label, n in left.items() if n}
    assert (ContentType.objects.count(), Permission.objects.count()) == kept
