from config_models.models.catalog import CatalogItem, CatalogStatus, ItemType, LegalBasis
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
from config_models.models.region import Region, RegionLevel, RegionPage

__all__ = [
    "CatalogItem",
    "CatalogStatus",
    "Department",
    "DepartmentNature",
    "HandlingType",
    "Implementation",
    "ImplementationStatus",
    "ItemType",
    "LegalBasis",
    "Material",
    "MaterialForm",
    "MaterialSource",
    "Membership",
    "Necessity",
    "OnlineDepth",
    "Region",
    "RegionLevel",
    "RegionPage",
    "Role",
    "ServiceArea",
    "ServiceObject",
    "TimeUnit",
]
