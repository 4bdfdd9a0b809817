"""API keys (``common.load_keys``) checked in constant time,
and a sliding-window rate limit per key (per client address when no keys are set)."""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections import deque
from collections.abc import Callable

from app.interfaces.api.errors import ApiError


class KeyChecker:
    """Which key a request's ``Authorization: Bearer`` header carries. Every configured key
    is compared (by its SHA-256, with ``hmac.compare_digest``), so the time taken says
    nothing about how close a guess was."""

    def __init__(self, keys: list[str]) -> None:
        self._digests = [hashlib.sha256(k.encode()).digest() for k in keys]

    @property
    def enabled(self) -> bool:
        return bool(self._digests)

    def identify(self, authorization: str | None) -> int | None:
        """The index of the matching key, or None."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        digest = hashlib.sha256(token.strip().encode()).digest()
        found = None
        for i, known in enumerate(self._digests):
            if hmac.compare_digest(digest, known) and found is None:
                found = i
        return found

    def require(self, authorization: str | None) -> str:
        """The caller's identity for the rate limit; raises a 401 ``ApiError``."""
        if not self.enabled:
            return ""
        found = self.identify(authorization)
        if found is None:
            message = (
                "a valid API key is required: send 'Authorization: Bearer <key>'"
                if not authorization
                else "the API key is wrong"
            )
            raise ApiError(401, message, headers={"WWW-Authenticate": "Bearer"})
        return f"key:{found}"


class RateLimiter:
    """At most ``limit`` requests per ``window`` seconds per identity (0: unlimited)."""

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, who: str) -> None:
        """Count one request; raises a 429 ``ApiError`` with Retry-After past the limit."""
        if self.limit <= 0:
            return
        now = self.clock()
        with self._lock:
            if len(self._seen) > 10_000:  # forget identities idle for a whole window
                self._seen = {
                    k: v for k, v in self._seen.items() if v and v[-1] > now - self.window
                }
            times = self._seen.setdefault(who, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                wait = max(1, math.ceil(times[0] + self.window - now))
                raise ApiError(
                    429,
                    f"rate limit of {self.limit} requests a minute reached; retry in {wait} s",
                    headers={"Retry-After": str(wait)},
                )
            times.append(now)
