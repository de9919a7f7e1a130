"""Catalog governance in the demo: a 待复核 wave after the city edits a 一件事 template, 事项申请 in three
states (one approved into the catalog, two pending at different steps), and the development zone's pending
request for a county power (点菜式放权). Written through the services, so the marks, reviews, history and
feed entries are those of the admin."""

from collections import Counter

from django.contrib.auth import get_user_model

from config_models.models import (
    BundleTemplate,
    CatalogItem,
    CatalogProposal,
    DelegationRequest,
    Department,
    Implementation,
    ProposalKind,
    ProposalStage,
    Region,
    RegionKind,
    ReviewMark,
)
from config_models.services.bundle import bundle_template_save
from config_models.services.delegation_request import delegation_request_submit
from config_models.services.proposal import proposal_review, proposal_submit

REVISED_CONDITIONS = "（2026年修订）经营场所须已取得消防安全检查合格意见；"
# Reviewers of each step, as in data/regions.yaml.
REVIEWERS = {ProposalStage.STAFFING: "bianban", ProposalStage.LEGAL: "fazhiban",
             ProposalStage.APPROVAL: "shenguanban", ProposalStage.CITY: "city_admin"}
APPROVED_CODE = "000199001000"
# The power the zone asks its county for: a permit a park's projects wait for (the first the county holds).
REQUESTED_POWER_WORDS = ("施工许可", "许可")


def apply_governance(regions: dict[str, Region], city_code: str, created: Counter) -> None:
    _template_wave(regions[city_code], created)
    _proposals(regions, created)
    _delegation_request(created)


def _template_wave(city: Region, created: Counter) -> None:
    """The city revises the conditions of its first template: every county's bundle of it is 待复核."""
    template = BundleTemplate.objects.filter(region=city).order_by("code").first()
    if template is None or ReviewMark.objects.filter(bundle_template=template).exists():
        return
    template = template.get_latest_revision_as_object()
    template.conditions = f"<p>{REVISED_CONDITIONS}</p>{template.conditions}"
    bundle_template_save(template=template, user=_user("city_admin"))
    created["review_marks"] += ReviewMark.objects.filter(bundle_template=template).count()


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _decide(proposal, until: ProposalStage | None = None):
    for stage in ProposalStage:
        if stage == until:
            break
        proposal = proposal_review(proposal=proposal, user=_user(REVIEWERS[stage]), approve=True, comment="同意。")
    return proposal


def _proposals(regions: dict[str, Region], created: Counter) -> None:
    if CatalogProposal.objects.exists():
        return
    county = Region.objects.get(code="511602")
    township = Region.objects.get(code="511602001000")
    approved = proposal_submit(
        proposal=CatalogProposal(
            kind=ProposalKind.NEW, region=county, code=APPROVED_CODE, name="农村集体经营性建设用地入市审批",
            item_type="01", allowed_levels=["county"], law_name="《中华人民共和国土地管理法》",
            law_clause="第六十三条", reason="本区为农村集体经营性建设用地入市试点，需将入市审批纳入实施清单。",
        ),
        user=_user("county_admin"),
    )
    _decide(approved)
    proposal_submit(
        proposal=CatalogProposal(
            kind=ProposalKind.NEW, region=county, code="002099002000", name="新就业形态劳动者职业伤害保障咨询",
            item_type="20", allowed_levels=["county", "township"],
            law_name="《新就业形态就业人员职业伤害保障办法（试行）》",
            reason="快递、外卖从业人员集中，群众咨询量大，申请列入公共服务事项。",
        ),
        user=_user("county_admin"),
    )
    item = next((item for item in CatalogItem.objects.filter(live=True, status="active").order_by("code")[:500]
                 if "township" in item.allowed_levels), None)
    pending_change = None
    if item is not None:
        pending_change = proposal_submit(
            proposal=CatalogProposal(kind=ProposalKind.CHANGE, region=township, catalog_item=item,
                                     name=f"{item.name}（含告知承诺）",
                                     reason="乡镇已实行告知承诺制，事项名称应体现办理方式。"),
            user=_user("township_admin"),
        )
        _decide(pending_change, until=ProposalStage.LEGAL)  # 编办 passed it; 法制办 has it now
    created["catalog_proposals"] += 2 + (pending_change is not None)



def _delegation_request(created: Counter) -> None:
    """The zone asks 广安区 to devolve a permit to its 管委会; the county has not decided yet."""
    zone = Region.objects.filter(kind=RegionKind.DEVELOPMENT_ZONE).order_by("code").first()
    if zone is None or DelegationRequest.objects.filter(region=zone).exists():
        return
    powers = Implementation.objects.filter(region=zone.parent, live=True, catalog_item__item_type="01")
    matching = (powers.filter(catalog_item__name__contains=word).order_by("catalog_item__code").first()
                for word in REQUESTED_POWER_WORDS)
    power = next((power for power in matching if power is not None), None)
    if power is None:
        return
    delegation_request_submit(
        request=DelegationRequest(
            region=zone, implementation=power, receiving_department=Department.objects.get(region=zone),
            reason=f"园区入驻项目集中，“{power.catalog_item.name}”须往返区政务服务中心；申请下放至园区管委会，在园区政务服务站办理。",
        ),
        user=_user("zone_admin"),
    )
    created["delegation_requests"] += 1
