"""The API's own endpoints: who the token belongs to."""

from ninja import Router, Schema

from theodoi.api.models import ApiToken
from theodoi.api.schemas import answers
from theodoi.core.http import AuthedRequest

router = Router(tags=["Tài khoản"])


class MeOut(Schema):
    username: str
    full_name: str
    unit: str | None  # the unit's code
    roles: list[str]
    token: str  # the token's name
    token_expires: str  # YYYY-MM-DD


@router.get(
    "/me/",
    response=answers({200: MeOut}),
    summary="Người dùng của khóa",
    description="Người sở hữu khóa, đơn vị, các vai trò, tên khóa và ngày cuối khóa còn dùng được.",
)
def me(request: AuthedRequest) -> MeOut:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    user = request.user
    return MeOut(
        username=user.get_username(),
        full_name=user.full_name,
        unit=user.unit.code if user.unit else None,
        roles=sorted(user.roles),
        token=token.name,
        token_expires=token.expires_on.isoformat(),
    )
