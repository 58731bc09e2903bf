"""A system check that the database objects our migrations make outside Django's models exist.

Triggers keep the SQLite full-text index in step with the tasks (migration 0003, made again
with a tokenizer that keeps accents by 0016, docs/adr/0005-full-text-search.md; and with each
task's units beside its text by 0025, whose column `unit_words` and triggers on the
coordination rows keep them: docs/adr/0036) and each coordination row's copies of its task's state,
deadline, due order and lead unit (0007, made again by 0021 and 0023, whose statements the
check names: docs/adr/0006-coordination-copies.md); on PostgreSQL the search reads a
generated lexeme column through its GIN index (0005/0006), and the copy triggers' functions
carry their own `search_path`, the schema they were made in (0010): without it a data-only
restore (pg_restore empties `search_path`) loses every coordination row. Since 0026 a unit's
search there reads each task's units as lexemes (`unit_words`, kept by triggers on the tasks
and the coordination rows) beside its words, through their own GIN index (docs/adr/0038).
Nothing in Django knows them: a later migration that makes Django rebuild `tasks_task` or
`tasks_taskcoordination` on SQLite drops their triggers (and `unit_words`) without a word, a
restore can leave them out, an administrator can disable one.
Then searches miss tasks and lists miss coordinated tasks, and nothing fails.

The check runs where Django checks a database: `theodoi check --database default` (`make
check`, which fails on warnings), before `theodoi migrate` applies anything, and in the test
suite on both databases (`tasks/tests/test_database_objects.py`). It looks only for the
objects of migrations already applied, so an empty or partly migrated database passes. It
warns rather than errs: an error would stop `theodoi migrate`, and with it the migration that
makes the missing object again.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

SEARCH = "tìm kiếm theo nội dung sẽ bỏ sót nhiệm vụ mới hoặc vừa sửa (docs/adr/0005)"
UNIT_SEARCH = (
    "đơn vị tìm theo nội dung sẽ bỏ sót nhiệm vụ vừa giao hoặc vừa thêm đơn vị phối hợp "
    "(docs/adr/0036, 0038)"
)
COPIES = (
    "danh sách lọc theo trạng thái, thời hạn sẽ bỏ sót nhiệm vụ đơn vị phối hợp (docs/adr/0006)"
)


@dataclass(frozen=True)
class DbObject:
    kind: str  # table, trigger, index, column or function, as the database lists it
    name: str
    table: str  # "" for a function
    migration: str  # the tasks migration that makes it
    keeps: str  # what goes wrong without it
    remade: str = ""  # the later migration whose statements make it as it is now, if any


FTS = "0003_task_text_index"
# SQLite's index as it is now (its tokenizer keeps accents): re-made from 0016, not 0003,
# whose statements would bring back the index that ignores them (docs/adr/0010)
SQLITE_FTS = "0016_search_relevance"
# ... and with each task's units beside its text (docs/adr/0036)
UNIT_WORDS = "0025_unit_words"
COPY = "0007_coordination_task_copies"
# the copy triggers as they are now (four copies): 0007's statements would write two
COPY_NOW = "0023_coordination_lead_unit"
PIN = "0010_function_search_path"
UNIT_LEXEMES = "0026_unit_words_postgresql"  # makes and pins its own functions
RESTORE = (
    "một bản khôi phục chỉ có dữ liệu (pg_restore xóa search_path) sẽ không nạp được dữ liệu "
    "qua hàm này (docs/adr/0006)"
)
EXPECTED: dict[str, tuple[DbObject, ...]] = {
    "sqlite": (
        DbObject("table", "tasks_task_fts", "tasks_task_fts", SQLITE_FTS, SEARCH, UNIT_WORDS),
        DbObject("trigger", "tasks_task_fts_ai", "tasks_task", SQLITE_FTS, SEARCH, UNIT_WORDS),
        DbObject("trigger", "tasks_task_fts_ad", "tasks_task", SQLITE_FTS, SEARCH, UNIT_WORDS),
        DbObject("trigger", "tasks_task_fts_au", "tasks_task", SQLITE_FTS, SEARCH, UNIT_WORDS),
        DbObject("column", "unit_words", "tasks_task", UNIT_WORDS, UNIT_SEARCH),
        *(
            DbObject("trigger", name, "tasks_taskcoordination", UNIT_WORDS, UNIT_SEARCH)
            for name in (
                "tasks_coordination_words_ai",
                "tasks_coordination_words_ad",
                "tasks_coordination_words_au",
            )
        ),
        DbObject(
            "trigger",
            "tasks_coordination_copy_ai",
            "tasks_taskcoordination",
            COPY,
            COPIES,
            COPY_NOW,
        ),
        DbObject(
            "trigger",
            "tasks_coordination_copy_au",
            "tasks_taskcoordination",
            COPY,
            COPIES,
            COPY_NOW,
        ),
        DbObject("trigger", "tasks_task_copy_au", "tasks_task", COPY, COPIES, COPY_NOW),
    ),
    "postgresql": (
        DbObject("column", "search_vector", "tasks_task", "0005_task_search_vector", SEARCH),
        DbObject("index", "task_search_idx", "tasks_task", FTS, SEARCH),
        DbObject(
            "trigger", "tasks_coordination_copy", "tasks_taskcoordination", COPY, COPIES, COPY_NOW
        ),
        DbObject("trigger", "tasks_task_copy", "tasks_task", COPY, COPIES, COPY_NOW),
        DbObject("function", "tasks_coordination_copy", "", PIN, RESTORE),
        DbObject("function", "tasks_task_copy", "", PIN, RESTORE),
        DbObject("column", "unit_words", "tasks_task", UNIT_LEXEMES, UNIT_SEARCH),
        DbObject("index", "task_search_units_idx", "tasks_task", UNIT_LEXEMES, UNIT_SEARCH),
        DbObject("trigger", "tasks_task_unit_words", "tasks_task", UNIT_LEXEMES, UNIT_SEARCH),
        *(
            DbObject("trigger", name, "tasks_taskcoordination", UNIT_LEXEMES, UNIT_SEARCH)
            for name in ("tasks_coordination_unit_words", "tasks_coordination_unit_words_au")
        ),
        *(
            DbObject("function", name, "", UNIT_LEXEMES, UNIT_SEARCH)
            for name in (
                "tasks_unit_words",
                "tasks_task_unit_words",
                "tasks_coordination_unit_words",
            )
        ),
    ),
}

_SQL = {
    "sqlite": [
        "SELECT type, name, tbl_name, '' FROM sqlite_master",
        "SELECT 'column', name, 'tasks_task', '' FROM pragma_table_info('tasks_task')",
    ],
    "postgresql": [
        # a trigger that is there but disabled (tgenabled 'D') does nothing either
        "SELECT 'trigger', t.tgname, c.relname, t.tgenabled FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid)",
        "SELECT 'index', indexname, tablename, '' FROM pg_indexes "
        "WHERE schemaname = current_schema()",
        "SELECT 'column', column_name, table_name, '' FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = 'tasks_task'",
        # 'U': the function does not pin search_path to this schema (then pg_temp), as 0010 does
        "SELECT 'function', p.proname, '', CASE WHEN 'search_path=' || "
        "quote_ident(current_schema()) || ', pg_temp' = ANY(p.proconfig) THEN '' ELSE 'U' END "
        "FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace",
    ],
}


def missing_objects(alias: str = "default") -> list[tuple[DbObject, str]]:
    """The expected objects of applied migrations that are absent (or disabled), with why."""
    connection = connections[alias]
    applied = {
        name for app, name in MigrationRecorder(connection).applied_migrations() if app == "tasks"
    }
    expected = [o for o in EXPECTED.get(connection.vendor, ()) if o.migration in applied]
    if not expected:
        return []
    present: dict[tuple[str, str, str], str] = {}
    with connection.cursor() as cursor:
        for sql in _SQL[connection.vendor]:
            cursor.execute(sql)
            for kind, name, table, state in cursor.fetchall():
                present[(kind, name, table)] = state
    found = []
    for o in expected:
        state = present.get((o.kind, o.name, o.table))
        if state is None:
            found.append((o, "missing"))
        elif state == "D":
            found.append((o, "disabled"))
        elif state == "U":
            found.append((o, "unpinned"))
    return found


STATUS = {
    "missing": "không có",
    "disabled": "bị tắt",
    "unpinned": "không cố định search_path vào schema của cơ sở dữ liệu",
}


@register(Tags.database)
def check_database_objects(
    app_configs: Iterable[Any] | None = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    for alias in databases or ():
        for o, why in missing_objects(alias):
            where = f" trên bảng {o.table}" if o.table else ""
            found.append(
                Warning(
                    f"{o.kind} «{o.name}»{where} {STATUS[why]} trong cơ sở dữ liệu "
                    f"«{alias}»: {o.keeps}.",
                    hint=f"Tạo lại bằng câu lệnh của migration tasks/{o.remade or o.migration} "
                    "(trong một migration mới nếu một migration sau đã xóa nó).",
                    id="tasks.W001",
                )
            )
    return found
