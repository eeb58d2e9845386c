"""Fuzz the Live Link simulator from the *published* definition (Swagger 2.0, copied into the
tests from the platform's public client repository): whatever a client that follows it sends,
the answer is never a 5xx, and what it answers conforms to the definition. Bounded: a few
examples an operation. The happy paths are checked against the definition too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from inbox_app.simulator.livelink import LiveLinkSimulator

from .conftest import get_token

SPEC = Path(__file__).with_name("livelink365-swagger.yaml")
schema = schemathesis.openapi.from_path(SPEC)


@pytest.fixture(scope="module")
def fuzz_sim() -> Iterator[LiveLinkSimulator]:
    # "empty": the demo's always-failing destination would answer ERROR, a status the
    # definition's enum does not list (production integrations report it).
    with LiveLinkSimulator(dataset="empty", delivery_delay=0) as sim:
        yield sim


@pytest.fixture(scope="module")
def bearer(fuzz_sim: LiveLinkSimulator) -> dict[str, str]:
    with httpx.Client(base_url=fuzz_sim.base_url) as http:
        return {"Authorization": f"Bearer {get_token(http)['access_token']}"}


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_answers_conform(
    case: Any, fuzz_sim: LiveLinkSimulator, bearer: dict[str, str]
) -> None:
    headers = None if case.path == "/oauth/token" else bearer
    response = case.call(base_url=fuzz_sim.api_url, headers=headers)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    if response.status_code >= 400:
        body = response.json()
        assert body["debugMessage"] and isinstance(body["apiErrorCode"], int)


def test_happy_answers_conform_to_the_definition(
    fuzz_sim: LiveLinkSimulator, bearer: dict[str, str]
) -> None:
    with httpx.Client(base_url=fuzz_sim.base_url) as http:
        token = http.post(
            "/api/oauth/token",
            auth=("demo-key", "demo-secret"),
            data={"grant_type": "client_credentials"},
        )
        schema["/oauth/token"]["POST"].validate_response(token)
        fuzz_sim.inject_mo("+13125550101", "hello", recipient="55501")
        sent = http.post(
            "/api/v2/sms",
            headers=bearer,
            json={"destination": ["+13125550101"], "message": "hi", "subject": "k"},
        )
        schema["/v2/sms"]["POST"].validate_response(sent)
        window = {"startUTCTime": "202001010000", "endUTCTime": "209901010000", "pageIndex": 1}
        mo = http.get("/api/v2/sms/mo", headers=bearer, params=window)
        assert mo.json()["sapnotification"]
        schema["/v2/sms/mo"]["GET"].validate_response(mo)
        status = http.get("/api/v2/sms/status", headers=bearer, params=window)
        assert {s["status"] for s in status.json()["SAPNotification"]} >= {"SENT", "DELIVERED"}
        schema["/v2/sms/status"]["GET"].validate_response(status)
