"""A client that speaks to the API with a person's token, as an integration would."""

import json
from dataclasses import dataclass
from typing import Any

from django.test import Client

from theodoi.accounts.models import User
from theodoi.api.tokens import token_create


@dataclass
class ApiClient:
    secret: str
    client: Client

    def _headers(self, headers: dict[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}", **headers}

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(path, params or {}, headers=self._headers(headers))

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        data = json.dumps(body if body is not None else {})
        return self.client.post(
            path, data, content_type="application/json", headers=self._headers(headers)
        )


def api_client_for(user: User, name: str = "Thử nghiệm", days: int = 30) -> ApiClient:
    made = token_create(actor=user, user=user, name=name, days=days)
    return ApiClient(made.secret, Client())
