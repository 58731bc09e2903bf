from django import forms

from theodoi.core.forms import TextForm
from theodoi.signing.verify import MAX_BYTES


class CheckForm(TextForm):
    file = forms.FileField(
        label="Tệp PDF cần kiểm tra",
        help_text=f"Tệp .pdf, tối đa {MAX_BYTES // (1024 * 1024)} MB.",
        error_messages={
            "required": "Hãy chọn một tệp PDF.",
            "empty": "Tệp đã chọn rỗng.",
            "invalid": "Không nhận được tệp; hãy chọn lại.",
        },
    )
