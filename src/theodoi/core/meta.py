"""Reading a model's own fields by name, typed."""

from typing import Any

from django.db.models import Field, Model


def model_field(model: type[Model], name: str) -> "Field[Any, Any]":
    """The field `name` of `model` itself (a column, not a relation pointing at it)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise ValueError(f"{model.__name__}.{name} is not a field of the model")
    return field
