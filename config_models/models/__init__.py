from config_models.models.catalog import CatalogItem, CatalogStatus, ItemType, LegalBasis
from config_models.models.certificate import CertificateType, HolderType
from config_models.models.department import Department, DepartmentNature
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
from config_models.models.membership import Membership, Role
from config_models.models.published_list import (
    ListOverride,
    ListType,
    OverrideAction,
    Publication,
    PublicationStatus,
    PublishedListPage,
    RuleCombinator,
)
from config_models.models.region import Region, RegionLevel, RegionPage

__all__ = [
    "CatalogItem",
    "CatalogStatus",
    "CertificateType",
    "Department",
    "DepartmentNature",
    "HandlingType",
    "HolderType",
    "Implementation",
    "ImplementationStatus",
    "ItemType",
    "LegalBasis",
    "ListOverride",
    "ListType",
    "Material",
    "MaterialForm",
    "MaterialSource",
    "Membership",
    "Necessity",
    "OnlineDepth",
    "OverrideAction",
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
]
