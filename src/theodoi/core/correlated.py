"""A scalar subquery about each row of the query it annotates, written as SQL.

Django compiles a `Subquery` of a queryset every time the outer query is compiled: about half
a millisecond, as much as a small statement takes. The subqueries that every request runs
(the signed-in person's roles and unread count, read with the person: docs/adr/0013) are
written here once instead, and only the outer column is filled in.
"""

from typing import Any

from django.db.models import Expression, Field, Model

from theodoi.core.meta import model_field


class Correlated(Expression):
    """`sql`, a parenthesised scalar subquery in which `{outer}` stands for the column `field`
    of `model`, the model the annotated query reads (its table is never aliased);
    `postgresql`: the text there, when it differs (a function SQLite names otherwise)."""

    def __init__(
        self,
        sql: str,
        model: type[Model],
        field: str,
        output_field: "Field[Any, Any]",
        postgresql: str | None = None,
    ) -> None:
        super().__init__(output_field=output_field)
        column = model._meta.pk.column if field == "pk" else model_field(model, field).column
        assert column is not None
        self.table, self.column = model._meta.db_table, column
        self.sql, self.postgresql = sql, postgresql or sql

    def as_sql(self, compiler: Any, connection: Any, sql: str | None = None) -> Any:
        quote = connection.ops.quote_name
        outer = f"{quote(self.table)}.{quote(self.column)}"
        return (sql or self.sql).format(outer=outer), []

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        return self.as_sql(compiler, connection, self.postgresql)
