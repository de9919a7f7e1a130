"""事项申请 in the admin: a county admin submits through the form; reviewers decide from the list; bad input and
the proposer's own approval are refused in Chinese and change nothing."""

import pytest
from django.urls import reverse

from config_models.models import CatalogItem, CatalogProposal, Membership, ProposalStatus, ReviewOffice, Role
from config_models.services.membership import membership_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def member(region, name, role, office=""):
    user = UserFactory(username=name)
    membership_save(membership=Membership(user=user, region=region, role=role, office=office))
    return user


FORM = {"kind": "new", "code": "000120001000", "name": "农村集体经营性建设用地入市审批", "item_type": "01",
        "allowed_levels": ["county"], "law_name": "《中华人民共和国土地管理法》", "law_clause": "第六十三条",
        "reason": "试点县需办理。"}


def test_a_county_admin_submits_and_the_reviewers_approve_from_the_list(regions, client):
    proposer = member(regions["county"], "county_admin", Role.COUNTY_ADMIN)
    client.force_login(proposer)
    response = client.post(reverse("tongban_proposal_new"), {**FORM, "region": regions["county"].pk})
    assert response.status_code == 302, response.content.decode()[-3000:]
    proposal = CatalogProposal.objects.get()

    # the proposer cannot decide its own proposal, and sees no decision form
    assert 'name="decision"' not in client.get(reverse("tongban_proposals")).content.decode()
    client.post(reverse("tongban_proposal_review", args=[proposal.pk]), {"decision": "pass"})
    proposal.refresh_from_db()
    assert proposal.stage == "staffing" and not proposal.reviews.exists()

    for name, role, office in [("bianban", Role.REVIEWER, ReviewOffice.STAFFING),
                               ("fazhiban", Role.REVIEWER, ReviewOffice.LEGAL),
                               ("shenguanban", Role.REVIEWER, ReviewOffice.APPROVAL),
                               ("city_admin", Role.CITY_ADMIN, "")]:
        client.force_login(member(regions["city"], name, role, office))
        assert 'name="decision"' in client.get(reverse("tongban_proposals")).content.decode()
        client.post(reverse("tongban_proposal_review", args=[proposal.pk]), {"decision": "pass", "comment": "同意"})

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert CatalogItem.objects.filter(code="000120001000", name="农村集体经营性建设用地入市审批").exists()


def test_a_bad_submission_shows_chinese_errors_and_writes_nothing(regions, client):
    client.force_login(member(regions["county"], "county_admin", Role.COUNTY_ADMIN))
    response = client.post(reverse("tongban_proposal_new"),
                           {**FORM, "region": regions["county"].pk, "code": "12", "law_name": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "基本编码应为12位数字" in page and "新增事项须填写设定依据" in page
    assert not CatalogProposal.objects.exists()


def test_a_county_admin_cannot_choose_a_sibling_county(regions, client):
    client.force_login(member(regions["county"], "county_admin", Role.COUNTY_ADMIN))
    response = client.post(reverse("tongban_proposal_new"), {**FORM, "region": regions["sibling"].pk})
    assert response.status_code == 200
    assert not CatalogProposal.objects.exists()
