"""Work a server process does once, before its workers are forked (theodoi/gunicorn_conf.py,
docs/adr/0020-preloaded-workers.md): what it loads is then in every worker's memory from its
first request, including a worker that replaces one after `max_requests`. Without it, each
new worker's first pages paid for it: a list page took 71 ms instead of 12, most of it
Django building its tables for writing addresses (`reverse`).
"""

from pathlib import Path

from django.apps import apps
from django.template import engines
from django.urls import get_resolver
from django.urls.resolvers import get_ns_resolver


def compile_templates() -> None:
    """Compile every template of the site's apps into the template engine's cache (Django's
    cached loader), as their first use in a process would."""
    engine = engines["django"]
    for app in apps.get_app_configs():
        if app.name.startswith("theodoi."):
            root = Path(app.path) / "templates"
            for path in sorted(root.rglob("*.html")):
                engine.get_template(path.relative_to(root).as_posix())


def fill_url_tables() -> None:
    """Build what `reverse` reads, for the URLconf and each namespace in it, as Django does
    on their first use in a process (compiling every pattern). A namespace mounted under a
    prefix is read through a resolver of its own, made for that prefix (`get_ns_resolver`,
    cached): that one is built here too."""
    root = get_resolver()
    root.reverse_dict  # noqa: B018 — builds the table
    for prefix, inner in root.namespace_dict.values():
        inner.reverse_dict  # noqa: B018
        if prefix:
            converters = tuple(inner.pattern.converters.items())
            get_ns_resolver(prefix, inner, converters).reverse_dict  # noqa: B018


def prepare() -> None:
    compile_templates()
    fill_url_tables()
