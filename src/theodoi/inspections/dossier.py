"""The inspection file (Regulation 1142 Art. 18.1): for each letter a b c d đ e g h i, the papers
the system already holds, found by itself, and those people added (`FileItem`); which letters
are missing now (docs/inspections.md, "Hồ sơ kiểm tra (Điều 18)").

Found by itself:
- a) the decision (`Inspection.decision`, its generated file `decision_file`);
- b) the assigning documents the decision names (`Inspection.documents`);
- c) urging letters sent to an inspected unit that name one of the inspected tasks (the tasks
  of those documents an inspected unit leads or coordinates), issued up to the last day;
- d) the inspected units' reports (their latest submitted version) sent from 1 January of the
  year of the earliest named document (the inspection's own year when none is named) up to the
  last day, and the files the units gave in answer to the records requests (Art. 16.3);
- đ) the approved plan's registered document, for an inspection made from the plan;
- g) the team's report (`InspectionReport`, with its file when it has one);
- h) the results notice (`Inspection.notice`, its file `notice_file`).
e) minutes and i) other papers come only from people.

Missing now: a b c d đ e when they hold nothing; g and h only once the inspection has ended
(before that they are "due later"); i never. `dossiers` reads any number of inspections in a
fixed number of queries (8), so the list and the command use the same rule as the page.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from theodoi.inspections.models import FileItem, FileLetter, Inspection
from theodoi.monitoring.models import UrgingLetter
from theodoi.reports.models import ReportSubmission
from theodoi.tasks.models import Attachment, EventKind, Task, TaskCoordination

LETTERS = tuple(FileLetter.values)
OPTIONAL = frozenset({FileLetter.I.value})
AFTER_END = frozenset({FileLetter.G.value, FileLetter.H.value})
# Handing the file to the archive waits for these (Art. 18.2; docs/inspections.md).
NEEDED_TO_ARCHIVE = (FileLetter.A.value, FileLetter.G.value, FileLetter.H.value)


@dataclass(frozen=True)
class Paper:
    """One paper of the file: what it is and where to open it ("" when nowhere)."""

    label: str
    url: str = ""
    added: FileItem | None = None  # a paper people added


@dataclass
class Item:
    letter: str
    label: str
    papers: list[Paper] = field(default_factory=list)
    missing: bool = False
    due_later: bool = False  # g, h before the inspection ends


@dataclass
class Dossier:
    inspection: Inspection
    items: list[Item]

    @property
    def missing(self) -> list[str]:
        return [i.letter for i in self.items if i.missing]

    def item(self, letter: str) -> Item:
        return next(i for i in self.items if i.letter == letter)


def with_papers(inspections: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """The related rows the file reads from each inspection, in the same query."""
    return inspections.select_related(
        "decision",
        "decision_file",
        "notice",
        "notice_file",
        "plan_item__plan__document",
        "report__file",
    )


def file_url(inspection: Inspection, attachment_id: int) -> str:
    return reverse("inspections:file_download", args=[inspection.pk, attachment_id])


def _document_url(document_id: int) -> str:
    return reverse("tasks:document", args=[document_id])


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _reports_from(inspection: Inspection, documents: list[tuple[int, date]]) -> date:
    first = min((issued for _, issued in documents), default=inspection.start)
    return date(min(first.year, inspection.start.year), 1, 1)


def dossiers(inspections: Sequence[Inspection], today: date) -> dict[int, Dossier]:
    """The file of each inspection (read `with_papers`), in 8 queries whatever their number."""
    ids = [i.pk for i in inspections]
    units: dict[int, set[int]] = defaultdict(set)
    for inspection_id, unit_id in Inspection.units.through.objects.filter(
        inspection_id__in=ids
    ).values_list("inspection_id", "unit_id"):
        units[inspection_id].add(unit_id)
    documents: dict[int, list[tuple[int, date]]] = defaultdict(list)
    labels: dict[int, str] = {}
    for link in Inspection.documents.through.objects.filter(inspection_id__in=ids).select_related(
        "document"
    ):
        documents[link.inspection_id].append((link.document_id, link.document.issued_on))
        labels[link.document_id] = f"{link.document.title}: {link.document.summary}"
    named = Inspection.documents.through.objects.filter(inspection_id__in=ids).values("document_id")
    tasks: dict[int, tuple[int, set[int]]] = {}  # task → (document, its lead and coordinators)
    for task_id, document_id, lead_id in Task.objects.filter(document_id__in=named).values_list(
        "id", "document_id", "lead_unit_id"
    ):
        tasks[task_id] = (document_id, {lead_id} if lead_id else set())
    for task_id, unit_id in TaskCoordination.objects.filter(
        task__document_id__in=named
    ).values_list("task_id", "unit_id"):
        tasks[task_id][1].add(unit_id)
    urged = (
        UrgingLetter.tasks.through.objects.filter(task__document_id__in=named)
        .select_related("urgingletter")
        .order_by("urgingletter__issued_on", "urgingletter_id", "task_id")
    )
    all_units = set().union(*units.values()) if units else set()
    earliest = min(
        (_reports_from(i, documents[i.pk]) for i in inspections), default=date(2100, 1, 1)
    )
    submissions = (
        ReportSubmission.objects.filter(
            request__unit_id__in=all_units,
            submitted_at__gte=_moment(earliest),
            submitted_at__lt=_moment(max((i.end for i in inspections), default=earliest))
            + timedelta(days=1),
        )
        .select_related("request__round")
        .order_by("request_id", "number")
    )
    answers = (
        Attachment.objects.filter(
            Q(task__records_request__inspection_id__in=ids)
            | Q(event__task__records_request__inspection_id__in=ids)
        )
        .exclude(event__action=EventKind.RECORD_ASSIGNMENT)  # the decision's scan: not sent
        .annotate(
            inspection_id=Coalesce(
                F("task__records_request__inspection_id"),
                F("event__task__records_request__inspection_id"),
            )
        )
        .order_by("uploaded_at", "id")
    )
    added: dict[int, list[FileItem]] = defaultdict(list)
    for item in FileItem.objects.filter(inspection_id__in=ids).select_related("attachment"):
        added[item.inspection_id].append(item)
    letters = list(urged)
    submitted = list(submissions)
    answered = list(answers)
    found = {}
    for inspection in inspections:
        found[inspection.pk] = _dossier(
            inspection,
            today,
            units=units[inspection.pk],
            documents=documents[inspection.pk],
            labels=labels,
            tasks=tasks,
            letters=letters,
            submissions=submitted,
            answers=[a for a in answered if a.inspection_id == inspection.pk],
            added=added[inspection.pk],
        )
    return found


def dossier(inspection: Inspection, today: date) -> Dossier:
    """One inspection's file (9 queries with the inspection's own)."""
    loaded = with_papers(Inspection.objects.filter(pk=inspection.pk)).get()
    return dossiers([loaded], today)[loaded.pk]


def _dossier(
    inspection: Inspection,
    today: date,
    *,
    units: set[int],
    documents: list[tuple[int, date]],
    labels: dict[int, str],
    tasks: dict[int, tuple[int, set[int]]],
    letters: list[Any],  # UrgingLetter.tasks.through rows
    submissions: list[ReportSubmission],
    answers: list[Attachment],
    added: list[FileItem],
) -> Dossier:
    papers: dict[str, list[Paper]] = {letter: [] for letter in LETTERS}
    if inspection.decision is not None:
        papers["a"].append(Paper(inspection.decision.title, _document_url(inspection.decision.pk)))
    if inspection.decision_file is not None:
        papers["a"].append(
            Paper(inspection.decision_file.name, file_url(inspection, inspection.decision_file.pk))
        )
    named = {document_id for document_id, _ in documents}
    for document_id, _ in documents:
        papers["b"].append(Paper(labels[document_id], _document_url(document_id)))
    inspected = {
        task_id
        for task_id, (document_id, task_units) in tasks.items()
        if document_id in named and task_units & units
    }
    seen: set[int] = set()
    for link in letters:
        letter = link.urgingletter
        if (
            link.task_id in inspected
            and letter.unit_id in units
            and letter.issued_on <= inspection.end
            and letter.pk not in seen
        ):
            seen.add(letter.pk)
            number = f" số {letter.number}" if letter.number else ""
            label = f"Văn bản đôn đốc{number} ngày {letter.issued_on:%d/%m/%Y}"
            papers["c"].append(Paper(label, reverse("monitoring:letter", args=[letter.pk])))
    start = _reports_from(inspection, documents)
    latest: dict[int, ReportSubmission] = {}
    for submission in submissions:
        day = timezone.localtime(submission.submitted_at).date()
        if submission.request.unit_id in units and start <= day <= inspection.end:
            latest[submission.request_id] = submission
    for submission in latest.values():
        label = f"{submission.request.round.title} (nộp ngày {submission.submitted_at:%d/%m/%Y})"
        url = reverse("reports:version", args=[submission.request_id, submission.number])
        papers["d"].append(Paper(label, url))
    for attachment in answers:
        url = reverse("tasks:attachment", args=[attachment.pk])
        papers["d"].append(Paper(f"Hồ sơ cung cấp: {attachment.name}", url))
    plan = inspection.plan_item.plan if inspection.plan_item is not None else None
    if plan is not None and plan.document is not None:
        papers["đ"].append(Paper(plan.document.title, _document_url(plan.document.pk)))
    report = getattr(inspection, "report", None)
    if report is not None:
        number = f" số {report.number}" if report.number else ""
        label = f"Báo cáo kết quả kiểm tra{number} ngày {report.reported_on:%d/%m/%Y}"
        url = file_url(inspection, report.file_id) if report.file_id else ""
        papers["g"].append(Paper(label, url))
    if inspection.notice is not None:
        papers["h"].append(Paper(inspection.notice.title, _document_url(inspection.notice.pk)))
    if inspection.notice_file is not None:
        papers["h"].append(
            Paper(inspection.notice_file.name, file_url(inspection, inspection.notice_file.pk))
        )
    for item in added:
        papers[item.letter].append(
            Paper(item.title, file_url(inspection, item.attachment_id), added=item)
        )
    ended = today > inspection.end
    items = []
    for letter, label in FileLetter.choices:
        empty = not papers[letter]
        later = empty and letter in AFTER_END and not ended
        missing = empty and letter not in OPTIONAL and not later
        items.append(Item(letter, label, papers[letter], missing=missing, due_later=later))
    return Dossier(inspection, items)


def archive_blockers(found: Dossier) -> list[str]:
    """The letters that keep the file from the archive: a, g, h while they hold nothing."""
    return [letter for letter in NEEDED_TO_ARCHIVE if not found.item(letter).papers]


def attachment_ids(found: Dossier) -> set[int]:
    """The files kept by the inspection itself, served from its page."""
    inspection = found.inspection
    ids = {inspection.decision_file_id, inspection.notice_file_id}
    report = getattr(inspection, "report", None)
    if report is not None:
        ids.add(report.file_id)
    ids |= {p.added.attachment_id for i in found.items for p in i.papers if p.added}
    return {i for i in ids if i is not None}
