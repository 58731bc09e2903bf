"""How a delivery is signed, and how a receiver checks it (docs/operations.md, "Webhook").

The signature is HMAC-SHA256, keyed with the subscription's secret, of the attempt's unix
timestamp, a dot and the body's bytes exactly as received: `X-TheoDoi-Signature:
sha256=<hex>` beside `X-TheoDoi-Timestamp: <seconds>`. Signing the timestamp too lets a
receiver refuse an old delivery played again. `verify` uses the standard library only, so a
receiver may copy it as it is.
"""

import hashlib
import hmac
import time

PREFIX = "sha256="


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The `X-TheoDoi-Signature` header's value for `body` sent at `timestamp`."""
    message = f"{timestamp}.".encode() + body
    return PREFIX + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature_header: str,
    tolerance: int = 300,
    now: float | None = None,
) -> bool:
    """True when `signature_header` is the signature of `body` at `timestamp` with `secret`,
    and `timestamp` is within `tolerance` seconds of now."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected.encode(), str(signature_header).encode())
