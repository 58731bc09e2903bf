"""/api/v1/documents/: the register of directive documents — the list a person sees, one
document with its files and tasks, and registering one through the page's form and service
(`forms.DocumentForm`, `services.document_register`), so the API checks and writes the same."""

import base64
import binascii
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from ninja import Query, Router, Schema, Status
from pydantic import Field

from theodoi.api.schemas import Page, PageQuery, answers
from theodoi.core.access import Action, require
from theodoi.core.dates import IsoDate
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.forms import MAX_ID
from theodoi.core.http import AuthedRequest
from theodoi.tasks import services
from theodoi.tasks.api_actions import upload_named
from theodoi.tasks.api_schemas import FileIn
from theodoi.tasks.attachments import MAX_FILES
from theodoi.tasks.forms import DocumentForm
from theodoi.tasks.models import Document, DocumentKind, Origin
from theodoi.tasks.scope import visible_documents, visible_tasks
from theodoi.tasks.selectors import document_list

# a record's id in a path: a whole number either database can hold
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]

router = Router(tags=["Văn bản"])

KINDS = ", ".join(DocumentKind.values)
ORIGINS = ", ".join(Origin.values)
OriginValue = Literal["government", "ministry", "internal"]


class DocumentQuery(PageQuery):
    q: str = Field("", max_length=200, description="tìm trong số, cơ quan ban hành, trích yếu")
    origin: OriginValue | None = Field(None, description="nguồn giao")
    issued_from: IsoDate | None = Field(None, description="ban hành từ ngày, YYYY-MM-DD")
    issued_to: IsoDate | None = Field(None, description="ban hành đến ngày, YYYY-MM-DD")


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    issued_on: date
    issuer: str
    summary: str
    origin: str
    origin_label: str
    title: str  # "Kế hoạch số 12/KH-BHXH ngày 05/01/2024"
    registered_at: datetime
    version: int


class DocumentRow(DocumentOut):
    task_count: int  # its tasks (not counting the units' parts of a task given to many)


class FileOut(Schema):
    id: int
    name: str
    size: int  # bytes
    url: str  # the page's download address (a signed-in session, like the page)


class TaskBrief(Schema):
    id: int
    code: str
    content: str
    state: str
    state_label: str
    deadline: date | None


class DocumentDetail(DocumentOut):
    files: list[FileOut]
    tasks: list[TaskBrief]  # those the person sees, as the document's page lists them


class DocumentIn(Schema):
    kind: str = Field(..., max_length=20, description=f"loại văn bản: {KINDS}")
    number: str = Field("", max_length=60, description="số, ký hiệu")
    issued_on: IsoDate = Field(..., description="ngày ban hành, YYYY-MM-DD")
    issuer: str = Field(..., max_length=200, description="cơ quan ban hành")
    origin: str = Field(Origin.GOVERNMENT.value, max_length=20, description=f"nguồn: {ORIGINS}")
    summary: str = Field(..., max_length=10_000, description="trích yếu")
    files: list[FileIn] = Field(
        default_factory=list,
        max_length=MAX_FILES,
        description=f"tệp đính kèm, tối đa {MAX_FILES} tệp: [{{name, content (base64)}}]",
    )


def _document(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "kind": document.kind,
        "kind_label": document.get_kind_display(),
        "number": document.number,
        "issued_on": document.issued_on,
        "issuer": document.issuer,
        "summary": document.summary,
        "origin": document.origin,
        "origin_label": document.get_origin_display(),
        "title": document.title,
        "registered_at": timezone.localtime(document.registered_at),
        "version": document.version,
    }


@router.get(
    "/",
    response=answers({200: Page[DocumentRow]}, 400, 403),
    summary="Các văn bản chỉ đạo (người dùng xem được)",
    description="Sổ văn bản chỉ đạo như trang Văn bản cho người giữ khóa (quyền `view_tasks`: "
    "Văn phòng, lãnh đạo xem mọi văn bản; đơn vị xem văn bản có nhiệm vụ của đơn vị mình), mới "
    "trước, lọc theo ô tìm, nguồn giao và khoảng ngày ban hành. Ngày sai dạng: `400` nêu trường.",
)
def document_index(request: AuthedRequest, query: Query[DocumentQuery]) -> Page[DocumentRow]:
    """The register as the documents page lists it for the token's owner (the Office sees
    all, a unit the documents holding its tasks), newest first, narrowed by the filters."""
    require(request.user, Action.VIEW_TASKS)
    documents = document_list(request.user, query.q)
    if query.origin:
        documents = documents.filter(origin=query.origin)
    if query.issued_from:
        documents = documents.filter(issued_on__gte=query.issued_from)
    if query.issued_to:
        documents = documents.filter(issued_on__lte=query.issued_to)
    first = (query.page - 1) * query.page_size
    rows = list(documents[first : first + query.page_size])
    return Page[DocumentRow](
        count=documents.count(),
        page=query.page,
        page_size=query.page_size,
        results=[
            DocumentRow(**_document(d), task_count=d.task_count)  # type: ignore[attr-defined]  # annotated by document_list
            for d in rows
        ],
    )


def _detail(request: AuthedRequest, document: Document) -> DocumentDetail:
    tasks = visible_tasks(request.user).filter(document=document, parent__isnull=True)
    tasks = tasks.only("pk", "code", "content", "state", "deadline").order_by("code", "id")
    return DocumentDetail(
        **_document(document),
        files=[
            FileOut(
                id=f.pk,
                name=f.name,
                size=f.size,
                url=request.build_absolute_uri(reverse("tasks:attachment", args=[f.pk])),
            )
            for f in document.attachments.all()
        ],
        tasks=[
            TaskBrief(
                id=t.pk,
                code=t.code,
                content=t.content,
                state=t.state,
                state_label=t.get_state_display(),
                deadline=t.deadline,
            )
            for t in tasks
        ],
    )


@router.get(
    "/{pk}/",
    response=answers({200: DocumentDetail}, 400, 403, 404),
    summary="Một văn bản, tệp đính kèm và nhiệm vụ",
    description="Một văn bản người giữ khóa được xem, các tệp đính kèm (tải bằng khóa ở "
    "`/api/v1/files/{id}/`) và các nhiệm vụ người đó thấy trên trang của văn bản. Văn bản "
    "không được xem: `404`, như không có.",
)
def document_detail(request: AuthedRequest, pk: RecordId) -> DocumentDetail:
    """A document the person sees (another answers 404), its attached files and its tasks."""
    require(request.user, Action.VIEW_TASKS)
    return _detail(request, get_object_or_404(visible_documents(request.user), pk=pk))


def _uploads(files: list[FileIn]) -> list[SimpleUploadedFile]:
    uploads = []
    for given in files:
        try:
            content = base64.b64decode(given.content, validate=True)
        except (binascii.Error, ValueError):
            message = f"Tệp «{given.name}»: nội dung không phải base64 hợp lệ."
            raise ValidationFailed({"files": message}, Code.FILE_REFUSED) from None
        uploads.append(upload_named(given.name, content, "files"))
    return uploads


def _form_refusal(form: DocumentForm) -> ValidationFailed:
    """The page form's errors, each named by its field and its label."""
    errors = {}
    for name, messages in form.errors.items():
        label = str(form.fields[name].label) if name in form.fields else ""
        message = " ".join(str(m) for m in messages)
        errors[name] = message if message.startswith(label) else f"{label}: {message}"
    return ValidationFailed(errors, Code.INVALID)


@router.post(
    "/",
    response=answers({201: DocumentDetail}, 400, 403),
    summary="Vào sổ một văn bản chỉ đạo",
    description="Vào sổ như trang «Vào sổ văn bản chỉ đạo» (quyền `register_documents`: Văn "
    "phòng): cùng kiểm tra, cùng nhật ký; tệp gửi dạng base64, qua cùng kiểm tra tệp của trang. "
    "Trả `201` với văn bản; dữ liệu sai: `400` nêu trường (`duplicate` khi số văn bản ngày đó "
    "đã có, `file_refused` cho tệp), không ghi gì.",
)
def document_create(request: AuthedRequest, payload: DocumentIn) -> Status[DocumentDetail]:
    """Register a document as the page "Vào sổ văn bản chỉ đạo" does: the same checks (the
    page's form, then the service), the same records and history. Files come as base64 and
    pass the page's checks (size, type, content matching the name)."""
    require(request.user, Action.REGISTER_DOCUMENTS)
    data = payload.model_dump(exclude={"files"})
    data["issued_on"] = payload.issued_on.isoformat()
    form = DocumentForm(data, MultiValueDict({"files": _uploads(payload.files)}))
    if not form.is_valid():
        raise _form_refusal(form)
    cleaned = form.cleaned_data
    document = services.document_register(
        actor=request.user,
        files=cleaned["files"],
        **{name: cleaned[name] for name in services.DOCUMENT_FIELDS},
    )
    return Status(201, _detail(request, document))
