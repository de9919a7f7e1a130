"""City administrators manage API clients in the admin; the token is shown once and stored hashed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cms.models import ApiClient, hash_token
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def city_admin(regions):
    user = UserFactory(username="city")
    MembershipFactory(user=user, region=regions["city"], role="city_admin")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def county_admin(regions):
    user = UserFactory(username="county")
    MembershipFactory(user=user, region=regions["county"], role="county_admin")
    client = Client()
    client.force_login(user)
    return client


def shown_token(response) -> str:
    match = re.search(r'<code id="api-token"[^>]*>(tb_[\w-]+)</code>', response.content.decode())
    assert match, "the token page shows the token"
    return match.group(1)


def test_city_admin_creates_a_client_and_sees_its_token_once(city_admin, regions, gql):
    # when
    response = city_admin.post(
        reverse("api_clients:add"), {"name": "广安区门户", "region": regions["county"].pk, "scopes": ["drafts"]}
    )

    # then
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = shown_token(response)
    client = ApiClient.objects.get(name="广安区门户")
    assert client.token_hash == hash_token(token)
    assert client.scopes == ["drafts"]
    assert token not in city_admin.get(reverse("api_clients:edit", args=[client.pk])).content.decode()
    assert gql.response("{ regions { totalCount } }", token=token).status_code == 200


def test_city_admin_rotates_and_revokes_a_token(city_admin, regions, gql):
    # given
    city_admin.post(reverse("api_clients:add"), {"name": "门户", "region": regions["county"].pk, "scopes": ["drafts"]})
    client = ApiClient.objects.get()
    edit = reverse("api_clients:edit", args=[client.pk])

    # when: a new token replaces the old one
    old_hash = client.token_hash
    new_token = shown_token(
        city_admin.post(edit, {"name": "门户", "region": regions["county"].pk, "scopes": ["drafts"], "new_token": "on"})
    )

    # then
    client.refresh_from_db()
    assert client.token_hash == hash_token(new_token) != old_hash

    # when: revoked
    response = city_admin.post(edit, {"name": "门户", "region": regions["county"].pk, "scopes": ["drafts"],
                                      "revoked": "on"})

    # then
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.revoked
    assert gql.response("{ regions { totalCount } }", token=new_token).status_code == 401


def test_county_admin_cannot_manage_api_clients(county_admin, regions):
    assert county_admin.get(reverse("api_clients:index")).status_code in (302, 403)
    response = county_admin.post(reverse("api_clients:add"), {"name": "x", "region": regions["county"].pk})
    assert response.status_code in (302, 403)
    assert not ApiClient.objects.exists()


def test_city_admin_lists_clients(city_admin, regions):
    city_admin.post(reverse("api_clients:add"), {"name": "前锋区门户", "region": regions["sibling"].pk})
    response = city_admin.get(reverse("api_clients:index"))
    assert response.status_code == 200
    assert "前锋区门户" in response.content.decode()
