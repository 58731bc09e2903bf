"""`field__among=<subquery>`: membership in a subquery, written for each database's planner.

`IN (subquery)` is right for SQLite. On PostgreSQL an `IN (subquery)` inside an OR cannot become
a join and is estimated so badly that the planner walks a whole index to fill a page;
`= ANY(ARRAY(subquery))` is run once, and its ids are read through the primary key.
What it saves and what guards it: docs/adr/0007-among-lookup.md.
"""

from typing import Any

from django.db.models import Field, Lookup


@Field.register_lookup
class Among(Lookup):
    lookup_name = "among"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)
