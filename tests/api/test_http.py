"""The /graphql/ endpoint over HTTP: GET and POST, caching, CSRF, GraphiQL, error shapes."""

import json

from django.test import Client

from config_models.models import Region

QUERY = '{ region(code: "511602") { name parentCode } }'


def test_get_query_is_cacheable_for_the_public(gql, regions):
    # when
    response = gql.response(QUERY, method="get")

    # then
    assert response.status_code == 200
    assert response.json() == {"data": {"region": {"name": "广安区", "parentCode": "511600"}}}
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Authorization" in response["Vary"]
    assert not response.cookies, "a Set-Cookie header would stop CDNs from caching"


def test_get_with_variables_and_operation_name(gql, regions):
    document = "query A($code: String!) { region(code: $code) { name } } query B { regions { totalCount } }"
    response = gql.response(document, {"code": "511603"}, method="get", operation_name="A")
    assert response.json() == {"data": {"region": {"name": "前锋区"}}}


def test_responses_to_clients_and_posts_are_not_cached(gql, regions, county_token):
    assert gql.response(QUERY, method="get", token=county_token)["Cache-Control"] == "private, no-store"
    assert gql.response(QUERY)["Cache-Control"] == "private, no-store"


def test_error_responses_are_not_cached(gql, regions):
    response = gql.response('{ region(code: "511602") { nope } }', method="get")
    assert response.status_code == 400
    assert response["Cache-Control"] == "private, no-store"


def test_post_needs_no_csrf_token(regions):
    # given: a client that enforces CSRF like a browser session would
    client = Client(enforce_csrf_checks=True)

    # when
    response = client.post("/graphql/", json.dumps({"query": QUERY}), content_type="application/json")

    # then
    assert response.status_code == 200
    assert response.json()["data"]["region"]["name"] == "广安区"


def test_graphiql_is_served_to_browsers_when_enabled(gql, regions, settings):
    settings.API_GRAPHIQL = True
    response = gql.client.get("/graphql/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_graphiql_is_off_when_disabled(gql, regions, settings):
    settings.API_GRAPHIQL = False
    response = gql.client.get("/graphql/", headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


def test_other_methods_are_refused(gql, regions):
    response = gql.client.put("/graphql/", QUERY, content_type="application/graphql")
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


def test_malformed_requests_get_bad_request(gql, regions):
    bad_json = gql.client.post("/graphql/", "{not json", content_type="application/json")
    assert bad_json.status_code == 400
    assert bad_json.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    no_query = gql.client.post("/graphql/", "{}", content_type="application/json")
    assert no_query.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    bad_variables = gql.client.get("/graphql/", {"query": QUERY, "variables": "{oops"})
    assert bad_variables.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_variables_of_the_wrong_type_are_bad_user_input(gql, regions):
    response, errors = gql.errors("query ($code: String!) { region(code: $code) { name } }", {"code": 12})
    assert response.status_code == 400
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_unexpected_failure_is_reported_without_details(gql, regions, monkeypatch):
    # given
    def boom(self):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(Region, "ancestor_codes", boom)

    # when
    response = gql.response(QUERY)

    # then
    assert response.status_code == 200
    payload = response.json()
    assert payload["data"] == {"region": {"name": "广安区", "parentCode": None}}
    assert payload["errors"] == [
        {"message": "Internal server error.", "extensions": {"code": "INTERNAL_SERVER_ERROR"},
         "locations": [{"line": 1, "column": 33}], "path": ["region", "parentCode"]},
    ]
    assert "hunter2" not in response.content.decode()


def test_debug_shows_the_traceback(gql, regions, monkeypatch, settings):
    # given
    settings.DEBUG = True

    def boom(self):
        raise RuntimeError("details for the developer")

    monkeypatch.setattr(Region, "ancestor_codes", boom)

    # when
    error = gql.response(QUERY).json()["errors"][0]

    # then
    assert error["extensions"]["exception"]["message"] == "details for the developer"
    assert any("RuntimeError" in line for line in error["extensions"]["exception"]["stacktrace"])


def test_field_errors_keep_data_and_follow_the_spec(gql, regions):
    # when
    response = gql.response('{ regions(parentCode: "000000") { totalCount } region(code: "511602") { name } }')

    # then: a field error keeps the rest of the answer (HTTP 200)
    payload = response.json()
    assert response.status_code == 200
    assert payload["data"] == {"regions": None, "region": {"name": "广安区"}} or payload["data"] is None
    error = payload["errors"][0]
    assert set(error) == {"message", "locations", "path", "extensions"}
    assert error["extensions"]["code"] == "NOT_FOUND"
