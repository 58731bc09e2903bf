"""Directive documents, the tasks they hold, and each task's history.

Tables only: the cycle's rules are in `cycle.py` (the transition table) and `services.py`.
One module per kind of table; everything is imported from `theodoi.tasks.models`.
"""

from theodoi.tasks.models.attachments import Attachment, attachment_path
from theodoi.tasks.models.documents import Document, DocumentKind, Origin
from theodoi.tasks.models.facts import TaskFact
from theodoi.tasks.models.history import (
    EventKind,
    ExtensionRequest,
    ExtensionStatus,
    TaskEvent,
)
from theodoi.tasks.models.obstacles import Obstacle, ObstacleStatus
from theodoi.tasks.models.tasks import (
    NO_DEADLINE,
    OPEN_STATES,
    State,
    Task,
    TaskCoordination,
    UpdatePeriod,
)

__all__ = [
    "NO_DEADLINE",
    "OPEN_STATES",
    "Attachment",
    "Document",
    "DocumentKind",
    "EventKind",
    "ExtensionRequest",
    "ExtensionStatus",
    "Obstacle",
    "ObstacleStatus",
    "Origin",
    "State",
    "Task",
    "TaskCoordination",
    "TaskEvent",
    "TaskFact",
    "UpdatePeriod",
    "attachment_path",
]
