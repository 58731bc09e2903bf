"""A computed target's formula over a statistical form's roll-up codes, e.g.
`100 * [5.2] / [5.1]`: numbers, codes in square brackets, + - * / and parentheses. Read by a
small recursive-descent parser (never `eval`) into a tree evaluated with `Decimal`.

A code whose value is blank makes the result blank, and so does a division by zero: a period
with no dossiers received has no rate, never an error and never zero.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from theodoi.core.errors import Code, ValidationFailed

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|\[([A-Za-z0-9._-]+)\]|([-+*/()]))")
MAX_LENGTH = 300
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Ref:
    code: str


@dataclass(frozen=True)
class Negative:
    operand: "Node"


@dataclass(frozen=True)
class Binary:
    op: str
    left: "Node"
    right: "Node"


Node = Number | Ref | Negative | Binary


def _refused(message: str) -> ValidationFailed:
    return ValidationFailed({"formula": message}, Code.INVALID)


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    at, text = 0, text.rstrip()
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None or match.end() == at:
            shown = text[at:].strip()[:20]
            raise _refused(f"Công thức có phần không đọc được từ «{shown}» (vị trí {at + 1}).")
        number, code, op = match.groups()
        tokens.append(number if number else f"[{code}]" if code else op)
        at = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.at = tokens, 0

    def peek(self) -> str:
        return self.tokens[self.at] if self.at < len(self.tokens) else ""

    def take(self) -> str:
        token = self.peek()
        if not token:
            raise _refused("Công thức kết thúc giữa chừng: thiếu số, mã hoặc dấu «)».")
        self.at += 1
        return token

    def expression(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = Binary(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take()
            node = Binary(op, node, self.factor())
        return node

    def factor(self) -> Node:
        token = self.take()
        if token == "-":
            return Negative(self.factor())
        if token == "(":
            node = self.expression()
            if self.peek() != ")":
                raise _refused("Công thức thiếu dấu «)».")
            self.take()
            return node
        if token.startswith("["):
            return Ref(token[1:-1])
        if token[0].isdigit():
            return Number(Decimal(token))
        raise _refused(f"Công thức có dấu «{token}» ở chỗ cần một số hoặc một mã.")


def parse(text: str) -> Node:
    """The formula's tree; refused with the place that cannot be read."""
    if not text.strip():
        raise ValidationFailed({"formula": "Hãy nhập công thức."}, Code.REQUIRED)
    if len(text) > MAX_LENGTH:
        raise _refused(f"Công thức dài quá {MAX_LENGTH} ký tự.")
    parser = _Parser(_tokens(text))
    node = parser.expression()
    if parser.peek():
        raise _refused(f"Công thức thừa «{parser.peek()}» sau khi đã đọc hết một biểu thức.")
    return node


def codes(node: Node) -> list[str]:
    """The form codes the formula reads, in order of appearance."""
    if isinstance(node, Ref):
        return [node.code]
    if isinstance(node, Negative):
        return codes(node.operand)
    if isinstance(node, Binary):
        return codes(node.left) + [c for c in codes(node.right) if c not in codes(node.left)]
    return []


def _value(node: Node, values: Mapping[str, int | None]) -> Decimal | None:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Ref):
        found = values.get(node.code)
        return None if found is None else Decimal(found)
    if isinstance(node, Negative):
        inner = _value(node.operand, values)
        return None if inner is None else -inner
    left, right = _value(node.left, values), _value(node.right, values)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return None if right == 0 else left / right


def evaluate(node: Node, values: Mapping[str, int | None]) -> Decimal | None:
    """The formula over `values` rounded to one decimal (half up); None when a code it reads
    is blank or it divides by zero."""
    try:
        found = _value(node, values)
    except InvalidOperation:
        return None
    return None if found is None else found.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
