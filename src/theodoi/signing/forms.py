from django import forms

from theodoi.core.forms import TextForm
from theodoi.signing.verify import MAX_BYTES


class CheckForm(TextForm):
    file = forms.FileField(
        label="Tệp PDF cần kiểm tra",
        help_text=f"Tệp .pdf, tối đa {MAX_BYTES // (1024 * 1024)} MB.",
        # the browser refuses a file over the limit before sending it (upload-size.js)
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf", "data-max-bytes": MAX_BYTES}),
        error_messages={
            "required": "Hãy chọn một tệp PDF.",
            "empty": "Tệp đã chọn rỗng.",
            "invalid": "Không nhận được tệp; hãy chọn lại.",
        },
    )
