"""A small time-limited cache for credentials already checked (API keys, sessions), per process.

Looking a credential up costs a database round trip on every request; remembering the answer for a few
seconds removes most of them. The price is that a revocation, a logout or a disabled user takes effect in
*other* server processes up to ``TTL`` seconds later (in the process that made the change, at once).
"""

from __future__ import annotations

import threading
import time
from typing import Generic, TypeVar

T = TypeVar("T")
TTL = 5.0


class TTLCache(Generic[T]):
    def __init__(self, ttl: float = TTL, max_items: int = 50_000) -> None:
        self.ttl = ttl
        self.max_items = max_items
        self._data: dict[str, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> T | None:
        with self._lock:
            hit = self._data.get(key)
            if hit is None:
                return None
            if hit[0] < time.monotonic():
                del self._data[key]
                return None
            return hit[1]

    def put(self, key: str, value: T) -> None:
        with self._lock:
            if len(self._data) >= self.max_items:
                now = time.monotonic()
                self._data = {k: v for k, v in self._data.items() if v[0] >= now}
                if len(self._data) >= self.max_items:
                    self._data.clear()
            self._data[key] = (time.monotonic() + self.ttl, value)

    def drop(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
