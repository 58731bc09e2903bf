"""A query that every request runs, compiled to SQL once per process (docs/adr/0027).

Django compiles a queryset to SQL each time it is evaluated: for the signed-in person (with
their unit, roles and unread count) about 0.4 ms of the 0.9 ms the read takes, for the
leaders' select and the units' registry about as much again, while SQLite answers each in
hundredths of a millisecond. `Compiled` builds the queryset once, keeps its SQL, its
parameters' places and the converters Django would apply to its columns (dates written as
text by SQLite, for one), and then only executes: the same statement, the same rows.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


class Compiled:
    """`make()`: the queryset, built with `len(params)` example parameters, which `rows`
    replaces in the order the SQL takes them. Its columns are those of `values_list`, or,
    for a query of model instances, the compiler's `select` (the model's fields, those of
    `select_related`, then the annotations).

    `slots`: the example values `make` puts where `rows` puts its parameters, in the order
    `rows` takes them (each found wherever the SQL takes it); every other parameter of the
    SQL (a constant of the query: a state, a `Case`'s values) is kept as compiled. Each must
    be a value no constant of the query can take (a negative id: see `slot`). A slot the
    SQL does not take is refused, unless `every_slot` is False (several queries given the
    same values, each taking some)."""

    def __init__(
        self,
        make: Callable[[], QuerySet[Any, Any]],
        using: str = "default",
        slots: Sequence[int] | None = None,
        every_slot: bool = True,
    ) -> None:
        self.make, self.using, self.slots, self.every_slot = make, using, slots, every_slot
        self._compiled: dict[str, tuple[str, list[Any], dict[int, Any], Any]] = {}
        self._populators: dict[str, list[Any]] = {}
        self._places: dict[str, list[tuple[int, int]]] = {}

    def _compile(self) -> tuple[str, list[Any], dict[int, Any], Any]:
        connection = connections[self.using]
        key = connection.vendor  # the tests run one database per process; the key is cheap
        if key not in self._compiled:
            compiler = self.make().query.get_compiler(using=self.using)
            sql, params = compiler.as_sql()
            columns = [expression for expression, _sql, _alias in compiler.select]
            converters = compiler.get_converters(columns)
            if self.slots is not None:
                places = [(i, self.slots.index(p)) for i, p in enumerate(params) if _is_slot(p)]
                missing = set(range(len(self.slots))) - {slot for _, slot in places}
                assert not missing or not self.every_slot, (
                    f"slots {sorted(missing)} not in {params}"
                )
                self._places[key] = places
            self._compiled[key] = (sql, list(params), converters, compiler)
        return self._compiled[key]

    def instance(self, row: Sequence[Any]) -> Any:
        """A model instance from a row of a query of instances, as Django's own iterable
        makes it: its fields, the instances `select_related` joined (at any depth, by
        Django's own populators, made once) in its cache of related objects, its
        annotations as attributes."""
        compiler = self._compile()[3]
        info = compiler.klass_info
        obj = _from_row(info, compiler.select, row, self.using)
        key = connections[self.using].vendor
        if key not in self._populators:
            # django-stubs give it Django 6's fourth parameter; Django 5.2 takes three
            populators = get_related_populators(info, compiler.select, self.using)  # type: ignore[call-arg]
            self._populators[key] = populators
        for populator in self._populators[key]:
            populator.populate(row, obj)
        for name, index in compiler.annotation_col_map.items():
            setattr(obj, name, row[index])
        return obj

    def instances(self, *params: Any) -> list[Any]:
        """`instance` of each of the rows `params` read."""
        return [self.instance(row) for row in self.rows(*params)]

    def rows(self, *params: Any) -> list[Sequence[Any]]:
        sql, compiled, converters, compiler = self._compile()
        if self.slots is None:
            assert len(params) == len(compiled), (len(params), len(compiled))
            values = list(params)
        else:
            assert len(params) == len(self.slots), (len(params), len(self.slots))
            values = list(compiled)
            for place, slot in self._places[connections[self.using].vendor]:
                # as typed as Django typed the example (PostgreSQL: psycopg's Int2, Int4…)
                values[place] = type(compiled[place])(params[slot])
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, values)
            rows: list[Sequence[Any]] = cursor.fetchall()
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows


SLOTS = 100  # at most, in one query


def slot(n: int) -> int:
    """The `n`th example value of a `Compiled`'s slots (from 0): a negative id, which no
    table holds and no constant of a query is, within the range of the smallest integer
    column (a unit's id), so that Django does not drop the lookup as out of range."""
    assert 0 <= n < SLOTS
    return -32_001 - n


def _is_slot(value: Any) -> bool:
    return isinstance(value, int) and slot(SLOTS - 1) <= value <= slot(0)


def _from_row(info: dict[str, Any], select: list[Any], row: Sequence[Any], using: str) -> Any:
    indexes = info["select_fields"]
    names = [select[i][0].target.attname for i in indexes]
    return info["model"].from_db(using, names, [row[i] for i in indexes])
