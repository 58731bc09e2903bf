import factory

from theodoi.accounts.models import User, UserRole

TEST_PASSWORD = "Mat-khau-thu-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            grants = [UserRole(user=self, role=r) for r in extracted]  # type: ignore[misc]  # self: the User made
            UserRole.objects.bulk_create(grants)
