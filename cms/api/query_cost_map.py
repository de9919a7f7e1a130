"""Every limit of the GraphQL API in one map (STYLE.md 9), checked by cms.api.limits before execution.

Cost model: a field returning an object costs 1; a scalar costs 0; a connection costs 1 plus its page
size (`first`, or DEFAULT_PAGE_SIZE) times the cost of one edge; a plain list field costs its expected
length (LIST_SIZES) times the cost of one element. So page sizes multiply down the tree.
"""

# The raw document (the `query` text), before parsing.
MAX_DOCUMENT_BYTES = 100_000
# Lexical tokens the parser reads before it gives up (graphql-core's max_tokens).
MAX_TOKENS = 15_000

# Field nesting below the operation (`{ a { b } }` is 2); fragments do not add levels.
MAX_DEPTH = 10
# Introspection (`__schema`, `__type`) has its own, larger bound: GraphiQL's query nests `ofType` deeply.
MAX_INTROSPECTION_DEPTH = 16

MAX_ALIASES = 50
# Field selections written in the document (each fragment counted once).
MAX_FIELDS = 1_000

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100

MAX_COST = 50_000

# Expected length of plain list fields (lists that are part of their parent, never paged).
DEFAULT_LIST_SIZE = 10
LIST_SIZES = {
    "Region.ancestors": 5,
    "Implementation.materials": 10,
    "Implementation.legalBases": 5,
    "CatalogItem.legalBases": 5,
    "CatalogItem.subItems": 10,
    # 一件事: a few steps of a few parallel items; the merged lists are about a county's usual bundle.
    "Bundle.steps": 4,
    "BundleStep.items": 3,
    "Bundle.implementations": 8,
    "Bundle.missingItems": 2,
    "Bundle.cooperatingDepartments": 4,
    "Bundle.formFields": 15,
    "BundleMaterialSet.toSubmit": 15,
    "BundleMaterialSet.deferrable": 3,
    "BundleMaterialSet.pledged": 3,
    "BundleMaterialSet.reused": 3,
    "BundleMaterialSet.eCertificates": 3,
    "BundleTemplate.items": 8,
    "BundleTemplate.scenarios": 3,
    "BundleTemplate.formFields": 15,
    "Publication.entries": 100,
    "Publication.proofEntries": 50,
    "Publication.exemptionEntries": 20,
    "Publication.delegationEntries": 20,
    "Publication.intermediaryServiceEntries": 20,
    "Publication.businessPolicyEntries": 20,
    "PublishedList.batches": 5,
    # 中介服务事项 and 惠企政策: a few implementations and providers each.
    "IntermediaryService.implementations": 5,
    "IntermediaryService.providers": 3,
    "BusinessPolicy.implementations": 3,
}

# Cost of one field returning an object (a node, a nested object).
OBJECT_COST = 1
# Cost of `totalCount` on a connection: one COUNT query.
TOTAL_COUNT_COST = 1
