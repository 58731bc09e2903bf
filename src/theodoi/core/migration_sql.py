"""Raw SQL in migrations, per database: `RunPython(per_vendor({...}), per_vendor({...}))`."""

from collections.abc import Callable
from typing import Any


def per_vendor(statements: dict[str, list[str]]) -> Callable[[Any, Any], None]:
    """A migration step running the statements written for the database in use, if any."""

    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run
