"""GraphQL over HTTP: media types and status codes per the spec, and the graphql-http audit run against the
live server (every MUST and SHOULD check passes, and the MAY checks this API chose)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parents[1] / "http_audit"
QUERY = '{ region(code: "511602") { name } }'
INVALID = '{ region(code: "511602") { nope } }'
MODERN = "application/graphql-response+json"


def post(client, query, accept=None, variables=None):
    headers = {"Accept": accept} if accept else {}
    return client.post("/graphql/", json.dumps({"query": query, "variables": variables}),
                       content_type="application/json", headers=headers)


def test_a_client_accepting_graphql_response_json_gets_it_and_a_400_for_a_refused_document(client, regions):
    answered = post(client, QUERY, MODERN)
    refused = post(client, INVALID, MODERN)
    coerced = post(client, "query ($code: String!) { region(code: $code) { name } }", MODERN, {"code": 12})

    assert (answered.status_code, answered["Content-Type"]) == (200, f"{MODERN}; charset=utf-8")
    assert answered.json() == {"data": {"region": {"name": "广安区"}}}
    assert (refused.status_code, refused["Content-Type"]) == (400, f"{MODERN}; charset=utf-8")
    assert "data" not in refused.json()
    assert refused.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert coerced.status_code == 400 and coerced.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("accept", [None, "application/json", "*/*"])
def test_a_legacy_json_client_gets_200_for_every_well_formed_request(client, regions, accept):
    refused = post(client, INVALID, accept)
    malformed = client.post("/graphql/", "{not json", content_type="application/json")

    assert (refused.status_code, refused["Content-Type"]) == (200, "application/json; charset=utf-8")
    assert refused.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "data" not in refused.json()
    assert malformed.status_code == 400  # not a GraphQL-over-HTTP request at all


def test_an_accept_header_naming_neither_media_type_is_406(client, regions):
    response = post(client, QUERY, "text/plain")
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


@pytest.mark.django_db(transaction=True)
def test_the_graphql_http_audit_passes(live_server):
    node = shutil.which("node")
    if node is None or not (AUDIT / "node_modules" / "graphql-http").is_dir():
        if os.environ.get("CI"):
            pytest.fail("the graphql-http audit is not installed (bin/install-http-audit).")
        pytest.skip("the graphql-http audit is not installed (bin/install-http-audit)")

    run = subprocess.run([node, "audit.mjs", f"{live_server.url}/graphql/"], cwd=AUDIT, capture_output=True,
                         text=True, timeout=300, check=True)
    results = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]

    assert len(results) > 50
    failed = [f"{r['id']} {r['name']}: {r['reason']}" for r in results if r["status"] != "ok"]
    assert failed == []
