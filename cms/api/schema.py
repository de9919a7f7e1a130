"""The GraphQL schema: one root joining each domain's queries (STYLE.md 3).

The contract front ends rely on is graphql/schema.graphql, printed from this schema by
`manage.py export_graphql_schema` and checked for drift in CI.
"""

import graphene

from cms.api.bundles.schema import BundleQueries
from cms.api.business_policies.schema import BusinessPolicyQueries
from cms.api.catalog.schema import CatalogQueries
from cms.api.changes.schema import ChangeQueries
from cms.api.core.node import Node
from cms.api.departments.schema import DepartmentQueries
from cms.api.evaluations.schema import EvaluationMutations, EvaluationQueries
from cms.api.halls.schema import HallQueries
from cms.api.implementations.schema import ImplementationQueries
from cms.api.indicators.schema import IndicatorQueries
from cms.api.intermediaries.schema import IntermediaryServiceQueries
from cms.api.lists.schema import ListQueries
from cms.api.regions.schema import RegionQueries
from cms.api.sync.schema import SyncQueries


# graphene lists the fields of the last base first: this order prints regions first, the change feed, the
# indicators and the evaluations last.
class Query(
    EvaluationQueries,
    IndicatorQueries,
    ChangeQueries,
    BusinessPolicyQueries,
    IntermediaryServiceQueries,
    HallQueries,
    ListQueries,
    SyncQueries,
    BundleQueries,
    ImplementationQueries,
    CatalogQueries,
    DepartmentQueries,
    RegionQueries,
    graphene.ObjectType,
):
    node = Node.Field(description="Any object by its global `id`; null if it is not visible to you.")


class Mutation(EvaluationMutations, graphene.ObjectType):
    """Writes: only for tokens whose scope allows them (the public API reads)."""


schema = graphene.Schema(query=Query, mutation=Mutation)
