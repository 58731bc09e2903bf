import re

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError

from theodoi.core.text import fold

_SPACES = re.compile(r"\s+")
SHORTEST_NAME = 3  # a shorter username or name is part of too many words to refuse


class VietnameseMinimumLengthValidator(MinimumLengthValidator):
    """Django's rule, with the message Django's Vietnamese catalogue lacks."""

    def validate(self, password: str, user: object = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự.",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"Mật khẩu cần ít nhất {self.min_length} ký tự."


def _letters(text: str) -> str:
    """Letters and digits only, no diacritics, lower case: "Nguyễn Thị-Lan" → "nguyenthilan"."""
    return _SPACES.sub("", fold(text))


class NameInPasswordValidator:
    """Refuses a password that contains the person's username or full name, written with or
    without diacritics, spaces, punctuation or capitals ("Nguyễn", "NGUYEN" and "nguyen" are the
    same here). Django's UserAttributeSimilarityValidator compares the whole password with each
    word of the name; this one catches the name inside a longer password."""

    def validate(self, password: str, user: object = None) -> None:
        written = _letters(password)
        for label, value in [
            ("tên đăng nhập", getattr(user, "username", "")),
            ("họ và tên", getattr(user, "full_name", "")),
        ]:
            name = _letters(value or "")
            if len(name) >= SHORTEST_NAME and name in written:
                raise ValidationError(
                    f"Mật khẩu không được chứa {label} của bạn («{value}»).",
                    code="password_contains_name",
                )

    def get_help_text(self) -> str:
        return "Mật khẩu không được chứa tên đăng nhập hoặc họ và tên của bạn."
