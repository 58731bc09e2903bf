"""Who may enter a target's actual: the Office for any target, the owner unit's head and staff
for their unit's entered targets (core.access gives the roles, this the relation)."""

from theodoi.accounts.models import Role, User
from theodoi.core.access import Action, can
from theodoi.targets.models import Target


def may_enter(user: User | None, target: Target) -> bool:
    """True for the command line and the system (None); else by role and unit."""
    if user is None:
        return True
    if target.is_computed or not can(user, Action.ENTER_TARGET_ACTUALS):
        return False
    if Role.TRACKER in user.roles:
        return True
    return user.unit_id == target.owner_id
