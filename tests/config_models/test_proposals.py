"""事项申请: a county proposes; 编办, 法制办, 审管办 and the city decide in turn; approval writes the catalog."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from config_models.models import (
    CatalogItem,
    CatalogProposal,
    CatalogStatus,
    ImplementationStatus,
    Membership,
    ProposalKind,
    ProposalStage,
    ProposalStatus,
    ReviewMark,
    ReviewOffice,
    Role,
)
from config_models.services.membership import membership_save
from config_models.services.proposal import proposal_review, proposal_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def member(region, name, role, office=""):
    user = UserFactory(username=name)
    membership_save(membership=Membership(user=user, region=region, role=role, office=office))
    return user


@pytest.fixture
def people(regions):
    city = regions["city"]
    return {
        "proposer": member(regions["county"], "county_admin", Role.COUNTY_ADMIN),
        "other_county_admin": member(regions["county"], "county_admin_2", Role.COUNTY_ADMIN),
        ReviewOffice.STAFFING: member(city, "bianban", Role.REVIEWER, ReviewOffice.STAFFING),
        ReviewOffice.LEGAL: member(city, "fazhiban", Role.REVIEWER, ReviewOffice.LEGAL),
        ReviewOffice.APPROVAL: member(city, "shenguanban", Role.REVIEWER, ReviewOffice.APPROVAL),
        ProposalStage.CITY: member(city, "city_admin", Role.CITY_ADMIN),
    }


@pytest.fixture
def attachment(db):
    return get_document_model().objects.create(title="立项说明", file=ContentFile(b"%PDF-1.4", name="note.pdf"))


def new_item_proposal(regions, **overrides):
    values = dict(kind=ProposalKind.NEW, region=regions["county"], code="000120001000",
                  name="农村集体经营性建设用地入市审批", item_type="01", allowed_levels=["county"],
                  law_name="《中华人民共和国土地管理法》", law_clause="第六十三条",
                  reason="本县为试点县，需办理集体经营性建设用地入市。")
    values.update(overrides)
    return CatalogProposal(**values)


def review_through(proposal, people, *, until=None):
    for stage in ProposalStage:
        if stage == until:
            return proposal
        proposal = proposal_review(proposal=proposal, user=people[stage], approve=True, comment="同意")
    return proposal


def test_a_proposal_through_every_step_becomes_a_catalog_item(regions, people, attachment):
    # given
    proposal = proposal_submit(proposal=new_item_proposal(regions), user=people["proposer"], attachments=[attachment])
    assert proposal.stage == ProposalStage.STAFFING and proposal.status == ProposalStatus.IN_REVIEW

    # when: each step in turn
    stages = []
    for stage in ProposalStage:
        stages.append(proposal.stage)
        assert not CatalogItem.objects.filter(code="000120001000").exists()
        proposal = proposal_review(proposal=proposal, user=people[stage], approve=True, comment="同意")

    # then
    assert stages == list(ProposalStage)
    item = CatalogItem.objects.get(code="000120001000")
    assert item.name == "农村集体经营性建设用地入市审批" and item.allowed_levels == ["county"]
    assert item.region == regions["city"] and item.live
    assert [(b.law_name, b.clause) for b in item.legal_bases.all()] == [("《中华人民共和国土地管理法》", "第六十三条")]
    assert proposal.status == ProposalStatus.APPROVED and proposal.result_item == item
    assert list(proposal.attachments.all()) == [attachment]
    assert [(r.stage, r.decision, r.reviewer.username) for r in proposal.reviews.all()] == [
        ("staffing", "passed", "bianban"), ("legal", "passed", "fazhiban"), ("approval", "passed", "shenguanban"),
        ("city", "passed", "city_admin"),
    ]
    assert item.history.get().history_user == people[ProposalStage.CITY]
    assert proposal.history.count() == 5  # submitted, and one entry per step


def test_a_step_is_decided_only_by_its_reviewers(regions, people):
    proposal = proposal_submit(proposal=new_item_proposal(regions), user=people["proposer"])
    with pytest.raises(PermissionDenied, match="编办审核"):
        proposal_review(proposal=proposal, user=people[ReviewOffice.LEGAL], approve=True)
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.STAFFING and not proposal.reviews.exists()


def test_rejection_returns_the_proposal_with_its_reason_and_a_resubmission_starts_again(regions, people):
    proposal = proposal_submit(proposal=new_item_proposal(regions), user=people["proposer"])
    proposal = review_through(proposal, people, until=ProposalStage.LEGAL)

    with pytest.raises(ValidationError, match="退回申请须填写理由"):
        proposal_review(proposal=proposal, user=people[ReviewOffice.LEGAL], approve=False)
    proposal = proposal_review(proposal=proposal, user=people[ReviewOffice.LEGAL], approve=False,
                               comment="设定依据条款有误，应为第六十三条第一款。")

    assert proposal.status == ProposalStatus.RETURNED
    assert proposal.return_reason == "设定依据条款有误，应为第六十三条第一款。"
    assert not CatalogItem.objects.filter(code="000120001000").exists()
    with pytest.raises(PermissionDenied, match="不在审核中"):
        proposal_review(proposal=proposal, user=people[ReviewOffice.APPROVAL], approve=True)

    proposal.law_clause = "第六十三条第一款"
    proposal = proposal_submit(proposal=proposal, user=people["proposer"])
    assert proposal.status == ProposalStatus.IN_REVIEW and proposal.stage == ProposalStage.STAFFING


def test_a_county_admin_cannot_approve_its_own_proposal(regions, people):
    # given: the county admin is also the city admin and the staffing reviewer
    proposer = people["proposer"]
    membership_save(membership=Membership(user=proposer, region=regions["city"], role=Role.CITY_ADMIN))
    proposal = proposal_submit(proposal=new_item_proposal(regions), user=proposer)

    with pytest.raises(PermissionDenied, match="不能审核本人提交的事项申请"):
        proposal_review(proposal=proposal, user=proposer, approve=True)


def test_the_proposing_countys_other_admins_cannot_approve_either(regions, people):
    proposal = proposal_submit(proposal=new_item_proposal(regions), user=people["proposer"])
    proposal = review_through(proposal, people, until=ProposalStage.CITY)
    with pytest.raises(PermissionDenied, match="市级管理员"):
        proposal_review(proposal=proposal, user=people["other_county_admin"], approve=True)
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.CITY


def test_a_cancellation_proposal_ends_implementations_on_approval(regions, people, catalog_item, implementation):
    proposal = proposal_submit(
        proposal=CatalogProposal(kind=ProposalKind.CANCEL, region=regions["county"], catalog_item=catalog_item,
                                 cancel_date=datetime.date(2026, 12, 31), reason="上位法已废止该许可。"),
        user=people["proposer"],
    )
    proposal = review_through(proposal, people, until=ProposalStage.CITY)
    implementation.refresh_from_db()
    assert implementation.status == ImplementationStatus.ACTIVE

    proposal_review(proposal=proposal, user=people[ProposalStage.CITY], approve=True)

    catalog_item.refresh_from_db()
    implementation.refresh_from_db()
    assert catalog_item.status == CatalogStatus.CANCELLED
    assert implementation.status == ImplementationStatus.ENDED
    assert implementation.ended_on == datetime.date(2026, 12, 31)


def test_an_approved_change_proposal_renames_the_item_and_marks_its_implementations(
    regions, people, catalog_item, implementation
):
    proposal = proposal_submit(
        proposal=CatalogProposal(kind=ProposalKind.CHANGE, region=regions["county"], catalog_item=catalog_item,
                                 name="建筑工程施工许可证核发", reason="与上位法名称保持一致。"),
        user=people["proposer"],
    )
    review_through(proposal, people)
    catalog_item.refresh_from_db()
    assert catalog_item.name == "建筑工程施工许可证核发"
    mark = ReviewMark.objects.get(implementation=implementation)
    assert mark.fields[0]["after"] == "建筑工程施工许可证核发"


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"code": "12345"}, "code", "基本编码应为12位数字"),
    ({"code": "000101001000"}, "code", "已在基本目录中"),
    ({"reason": " "}, "reason", "请填写申请理由"),
    ({"law_name": ""}, "law_name", "新增事项须填写设定依据"),
    ({"allowed_levels": []}, "allowed_levels", "请选择行使层级"),
])
def test_a_bad_proposal_is_refused_in_chinese_and_nothing_is_written(regions, people, catalog_item, overrides,
                                                                     field, message):
    with pytest.raises(ValidationError) as refused:
        proposal_submit(proposal=new_item_proposal(regions, **overrides), user=people["proposer"])
    assert message in " ".join(refused.value.message_dict[field])
    assert not CatalogProposal.objects.exists()


def test_a_change_proposal_must_change_something(regions, people, catalog_item):
    with pytest.raises(ValidationError, match="至少改变"):
        proposal_submit(proposal=CatalogProposal(kind=ProposalKind.CHANGE, region=regions["county"],
                                                 catalog_item=catalog_item, name=catalog_item.name, reason="理由"),
                        user=people["proposer"])


def test_a_county_admin_cannot_propose_for_a_sibling_county(regions, people):
    with pytest.raises(PermissionDenied, match="前锋区"):
        proposal_submit(proposal=new_item_proposal(regions, region=regions["sibling"]), user=people["proposer"])
