"""Token-bucket rate limits, per process (each server worker keeps its own buckets)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass
class Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    def __init__(self, rate_per_minute: float, burst: int) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float:
        """Take one token: 0.0 if allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            b = self._buckets.get(key)
            if b is None:
                if len(self._buckets) > 100_000:  # bounded memory: forget idle keys
                    self._buckets = {k: v for k, v in self._buckets.items() if now - v.stamp < 600}
                b = self._buckets[key] = Bucket(self.burst, now)
            b.tokens = min(self.burst, b.tokens + (now - b.stamp) * self.rate)
            b.stamp = now
            if b.tokens >= 1.0:
                b.tokens -= 1.0
                return 0.0
            return (1.0 - b.tokens) / self.rate
