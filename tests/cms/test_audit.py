"""The audit trail in the admin: who changed what, shown field by field, and reverted from there.

Acceptance: a county admin edits (and publishes) an implementation in the admin, finds the history row
with its name and the field differences, and reverts it; another county's rows stay out of reach.
"""

import re

import pytest
from django.urls import reverse

from config_models.models import Implementation, Membership, Role
from config_models.services.membership import membership_save
from tests.cms.admin_post_data import edit_form, edit_post_data, form_data
from tests.factories import DepartmentFactory, ImplementationFactory, UserFactory, credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(regions):
    user = UserFactory(username="guangan_admin", first_name="", last_name="")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    return user


@pytest.fixture
def sibling_implementation(regions, catalog_item):
    department = DepartmentFactory(region=regions["sibling"], name="前锋区行政审批局",
                                   credit_code=credit_code(501, regions["sibling"].code))
    return ImplementationFactory(catalog_item=catalog_item, region=regions["sibling"], department=department)


def audit_url(row):
    return reverse("tongban_audit_history", args=[row._meta.app_label, row._meta.model_name, row.pk])


def revert_url(row, record):
    return reverse("tongban_audit_revert", args=[row._meta.app_label, row._meta.model_name, row.pk,
                                                 record.history_id])


def audit_rows(html: str) -> list[dict]:
    """The audit table's rows: time, user, action and changes, as text without tags."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, flags=re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
                 for cell in re.findall(r"<td>(.*?)</td>", row, flags=re.S)]
        rows.append(dict(zip(["time", "user", "action", "changes"], cells, strict=False)))
    return rows


def test_county_admin_edits_finds_and_reverts_an_implementation(client, county_admin, implementation):
    # given: the implementation promises 5 working days
    assert implementation.committed_limit == 5
    client.force_login(county_admin)
    edit_url = reverse("wagtailsnippets_config_models_implementation:edit", args=[implementation.pk])

    # when: the county admin promises 3 days and publishes
    response = client.post(edit_url, edit_post_data(implementation, publish=True, committed_limit="3"))

    # then: the change is live, and the audit page names the county admin and the difference
    assert response.status_code == 302
    implementation.refresh_from_db()
    assert implementation.committed_limit == 3
    page = client.get(audit_url(implementation))
    assert page.status_code == 200
    newest, *_older = audit_rows(page.content.decode())
    assert newest["user"] == "guangan_admin"
    assert "承诺办结时限：5 → 3" in newest["changes"]
    change = implementation.history.filter(history_user=county_admin).latest("history_date")
    assert change.committed_limit == 3
    before = change.prev_record
    assert before.committed_limit == 5
    assert f'action="{revert_url(implementation, before)}"' in page.content.decode()

    # when: the county admin reverts to the version before its change
    response = client.post(revert_url(implementation, before))

    # then: the row is back, the revert is itself a history row by the county admin, and the edit page
    # (which shows the latest revision of a draft model) shows the reverted value too
    assert response.status_code == 302
    implementation.refresh_from_db()
    assert implementation.committed_limit == 5
    assert implementation.live
    revert = implementation.history.latest("history_date")
    assert revert.history_user == county_admin
    assert revert.history_change_reason.startswith("恢复到")
    assert revert.history_id != change.history_id
    newest, *_older = audit_rows(client.get(audit_url(implementation)).content.decode())
    assert newest["user"] == "guangan_admin"
    assert newest["action"].startswith("已修改（恢复到")
    assert "承诺办结时限：3 → 5" in newest["changes"]
    assert form_data(edit_form(implementation))["committed_limit"] == "5"
    assert not implementation.has_unpublished_changes


def test_a_saved_draft_leaves_the_audit_trail_at_the_live_values(client, county_admin, implementation):
    client.force_login(county_admin)
    edit_url = reverse("wagtailsnippets_config_models_implementation:edit", args=[implementation.pk])
    history_before = implementation.history.count()
    client.post(edit_url, edit_post_data(implementation, committed_limit="3"))
    assert implementation.history.count() == history_before
    assert "5 → 3" not in client.get(audit_url(implementation)).content.decode()


def test_county_admin_cannot_open_or_revert_another_countys_audit_trail(client, county_admin, sibling_implementation):
    client.force_login(county_admin)
    record = sibling_implementation.history.earliest("history_date")
    assert client.get(audit_url(sibling_implementation)).status_code == 404
    assert client.post(revert_url(sibling_implementation, record)).status_code == 404
    assert Implementation.objects.get(pk=sibling_implementation.pk).committed_limit == 5


def test_a_reader_sees_the_audit_trail_but_cannot_revert(client, regions, implementation):
    viewer = UserFactory(username="guangan_viewer")
    membership_save(membership=Membership(user=viewer, region=regions["county"], role=Role.VIEWER))
    client.force_login(viewer)
    record = implementation.history.earliest("history_date")
    page = client.get(audit_url(implementation))
    assert page.status_code == 200
    assert "恢复到此版本" not in page.content.decode()
    assert client.post(revert_url(implementation, record)).status_code == 403
