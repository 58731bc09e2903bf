"""`Authorization: Bearer <token>`: the person the token belongs to acts, as on the pages.

The request's `user` becomes the token's owner, so every page selector and service that reads
`request.user` and `core.access` answers the same way; the token's name is kept for the
history of what this request changes (`audit.origin`).
"""

from django.http import HttpRequest
from ninja.security import HttpBearer

from theodoi.api.models import ApiToken
from theodoi.api.tokens import token_for
from theodoi.audit.origin import set_via


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_for(request, token.strip())
        if found is None:
            return None
        request.user = found.user
        set_via(f"api:{found.name}")
        return found
