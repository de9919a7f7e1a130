from config_models.models.authorization import (
    AuthorizationEntry,
    AuthorizationRoster,
    AuthorizationScope,
    Delegation,
    DelegationType,
    Staff,
    SupervisionDuty,
)
from config_models.models.bundle import (
    Bundle,
    BundleFormField,
    BundleItem,
    BundleMaterialLink,
    BundleQuota,
    BundleScenario,
    BundleTarget,
    BundleTemplate,
    BundleTier,
    FormFieldType,
    Lifecycle,
)
from config_models.models.business_policy import BusinessPolicy, PolicyStatus
from config_models.models.catalog import CatalogItem, CatalogStatus, ItemType, LegalBasis
from config_models.models.certificate import CertificateType, HolderType
from config_models.models.change import Change, ChangeEntity, ChangeOperation, LeaveReason
from config_models.models.department import Department, DepartmentNature
from config_models.models.hall import (
    Hall,
    HallClosure,
    HallExemption,
    HallKind,
    HallSession,
    HallZone,
    SessionKind,
    Window,
    WindowItem,
    WindowSector,
    WindowType,
)
from config_models.models.implementation import (
    HandlingType,
    Implementation,
    ImplementationStatus,
    Material,
    MaterialForm,
    MaterialSource,
    Necessity,
    OnlineDepth,
    ServiceArea,
    ServiceObject,
    TimeUnit,
)
from config_models.models.indicator import (
    Direction,
    Indicator,
    IndicatorSnapshot,
    IndicatorTarget,
    IndicatorUnit,
    TargetSubject,
)
from config_models.models.intermediary import IntermediaryService, IntermediaryStatus
from config_models.models.membership import Membership, ReviewOffice, Role
from config_models.models.proof import Proof, ProofStatus
from config_models.models.proposal import (
    STAGE_ORDER,
    CatalogProposal,
    DelegationRequest,
    DelegationRequestStatus,
    ProposalDecision,
    ProposalKind,
    ProposalReview,
    ProposalStage,
    ProposalStatus,
)
from config_models.models.published_list import (
    ListOverride,
    ListSubject,
    ListType,
    OverrideAction,
    Publication,
    PublicationStatus,
    PublishedListPage,
    RuleCombinator,
)
from config_models.models.region import Region, RegionKind, RegionLevel, RegionPage, in_subtree
from config_models.models.review import OPEN_REVIEW_STATUSES, ReviewMark, ReviewStatus

__all__ = [
    "Bundle",
    "BundleFormField",
    "BundleItem",
    "BundleMaterialLink",
    "BundleQuota",
    "BundleScenario",
    "BundleTarget",
    "BundleTemplate",
    "BundleTier",
    "CatalogItem",
    "CatalogStatus",
    "CertificateType",
    "Change",
    "ChangeEntity",
    "ChangeOperation",
    "Department",
    "DepartmentNature",
    "FormFieldType",
    "HandlingType",
    "HolderType",
    "Implementation",
    "ImplementationStatus",
    "ItemType",
    "LeaveReason",
    "LegalBasis",
    "Lifecycle",
    "ListOverride",
    "ListSubject",
    "ListType",
    "Material",
    "MaterialForm",
    "MaterialSource",
    "Membership",
    "Necessity",
    "OnlineDepth",
    "OverrideAction",
    "Proof",
    "ProofStatus",
    "Publication",
    "PublicationStatus",
    "PublishedListPage",
    "Region",
    "RegionLevel",
    "RegionPage",
    "Role",
    "RuleCombinator",
    "ServiceArea",
    "ServiceObject",
    "TimeUnit",
    "in_subtree",
]
# performance indicators
__all__ += ["Direction", "Indicator", "IndicatorSnapshot", "IndicatorTarget", "IndicatorUnit", "TargetSubject"]
# halls, windows, authorizations
__all__ += [
    "AuthorizationEntry",
    "AuthorizationRoster",
    "AuthorizationScope",
    "Delegation",
    "DelegationType",
    "Hall",
    "HallClosure",
    "HallExemption",
    "HallKind",
    "HallSession",
    "HallZone",
    "SessionKind",
    "Staff",
    "SupervisionDuty",
    "Window",
    "WindowItem",
    "WindowSector",
    "WindowType",
]
# 待复核 marks
__all__ += ["OPEN_REVIEW_STATUSES", "ReviewMark", "ReviewStatus"]
# 事项申请
__all__ += ["STAGE_ORDER", "CatalogProposal", "ProposalDecision", "ProposalKind", "ProposalReview", "ProposalStage",
            "ProposalStatus", "ReviewOffice"]
__all__ += ["RegionKind"]
__all__ += ["DelegationRequest", "DelegationRequestStatus"]
# 中介服务事项, 惠企政策
__all__ += ["BusinessPolicy", "IntermediaryService", "IntermediaryStatus", "PolicyStatus"]
# 好差评
from config_models.models.evaluation import (  # noqa: E402
    BAD_RATING_MAX,
    GOOD_RATING_MIN,
    RECTIFICATION_WORKING_DAYS,
    BadReviewCase,
    BadReviewStep,
    Evaluation,
    EvaluationChannel,
    Holiday,
    HolidayKind,
    Rating,
)

__all__ += ["BAD_RATING_MAX", "GOOD_RATING_MIN", "RECTIFICATION_WORKING_DAYS", "BadReviewCase", "BadReviewStep",
            "Evaluation", "EvaluationChannel", "Holiday", "HolidayKind", "Rating"]
