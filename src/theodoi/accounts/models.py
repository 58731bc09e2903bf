from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    LEADER = "leader", "Lãnh đạo"
    TRACKER = "tracker", "Chuyên viên theo dõi (Văn phòng)"
    UNIT_HEAD = "unit_head", "Lãnh đạo đơn vị"
    UNIT_STAFF = "unit_staff", "Chuyên viên đơn vị"
    INSPECTOR = "inspector", "Thành viên đoàn kiểm tra"
    PARTNER = "partner", "Đối tác"
    AUDITOR = "auditor", "Kiểm soát (chỉ xem)"


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    version = models.PositiveIntegerField(default=1)
    # the units whose tasks the person sees, kept for one request (tasks.scope.unit_scope)
    unit_scope_cache: frozenset[int] | None = None

    class Meta:
        verbose_name = "người dùng"
        ordering = ["username"]
        constraints = [  # "racer" and "Racer" are one name (accounts/0002 settled old pairs)
            models.UniqueConstraint(Lower("username"), name="user_username_lower_unique")
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's role codes (one query, then cached on the instance)."""
        if not self.pk or not self.is_active:
            return frozenset()
        return frozenset(self.role_grants.values_list("role", flat=True))

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in sorted(self.roles, key=list(Role.values).index)]


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]
        # the holders of one role (the list's leader select on every list page), without
        # reading every person
        indexes = [models.Index(fields=["role", "user"], name="user_role_holders")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


def name_of(person: User | None, label: str) -> str:
    """Who did something, as a message names them: the person's full name while the account
    exists, else the name recorded then (`actor_label`, their username at the time)."""
    return str(person) if person is not None else label
