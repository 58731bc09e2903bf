import factory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from theodoi.accounts import second_factor
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


def code_at(key: str, step: int) -> str:
    """The code an authenticator app holding `key` (hex) shows in the 30-second time step
    `step`, computed with django-otp's own TOTP."""
    totp = TOTP(bytes.fromhex(key))
    totp.time = step * totp.step
    return f"{totp.token():06d}"


def next_code(device: TOTPDevice) -> str:
    """The device's code for the current time step or, if that one was used already (a second
    sign-in within 30 seconds), the next one, which the server still accepts (tolerance 1)."""
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(now, device.last_t + 1)
    assert step <= now + device.tolerance, "no unused code left in this time window"
    return code_at(device.key, step)


def give_app(user: User) -> TOTPDevice:
    """Turn on a second factor for `user` with a fresh key, as their own set-up would."""
    return second_factor.app_set_key(actor=None, user=user, key=random_hex(20), reason="test")
