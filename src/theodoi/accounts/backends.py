"""Signing in with a password, and the signed-in person read with their unit.

Every page shows the person's unit beside their name (core/templates/base.html), and many
pages scope what they read by it: `get_user` reads the unit in the same query as the person
(docs/adr/0011-user-with-unit.md).
"""

from django.contrib.auth.backends import ModelBackend

from theodoi.accounts.models import User


class UserWithUnitBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        user = User._default_manager.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
