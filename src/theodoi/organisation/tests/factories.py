import factory

from theodoi.organisation.models import Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"DV{n}")
    name = factory.LazyAttribute(lambda u: f"Đơn vị {u.code}")
    short_name = factory.LazyAttribute(lambda u: u.code)
    kind = UnitKind.CENTRAL
