"""Property-based API testing with schemathesis against the live server's own OpenAPI document: every
operation, with generated valid and invalid inputs, as three roles, must never answer with a server error.

(Driven through schemathesis' strategies and Hypothesis directly: its pytest plugin does not run on the
pytest version in use.)"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from .conftest import LiveServer

ROLES = ("supervisor", "admin", "reporting_entity")


def test_no_server_errors(live: LiveServer) -> None:
    spec = live.client(Authorization=f"Bearer {live.keys['supervisor']}").get("/api/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(spec)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 15, [o.label for o in operations]
    calls = 0

    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case: schemathesis.Case) -> None:
            nonlocal calls
            for role in ROLES:
                r = case.call(
                    base_url=live.url,
                    headers={"Authorization": f"Bearer {live.keys[role]}"},
                    verify=str(live.cert),
                )
                calls += 1
                assert r.status_code < 500, (
                    role,
                    case.method,
                    case.formatted_path,
                    r.status_code,
                    r.text[:300],
                )

        run()
    assert calls > 200
