"""Files a page hands to the browser to save."""

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(content: bytes, filename: str) -> HttpResponse:
    """An Excel workbook offered for download under `filename` (ASCII)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
