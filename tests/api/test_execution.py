"""The fast executor (cms/api/core/execution.py) answers exactly as graphql-core's: same data, same errors,
byte for byte through the view, for the published operations, a wide query, and values that break the rules."""

import datetime as dt
import enum
import json

import graphene
import pytest
from graphql import ExecutionContext, OperationDefinitionNode, execute, parse
from graphql_relay import to_global_id

from cms.api.core import connection
from cms.api.core.execution import FastExecutionContext
from cms.api.views import ApiView, compact_json
from config_models.codes import implementation_code
from config_models.services.catalog import catalog_item_cancel
from tests.api.conftest import issue_client
from tests.api.test_contract import OPERATIONS
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, MaterialFactory

SYNCED_AT = dt.datetime(2025, 6, 1, 8, tzinfo=dt.UTC)
WIDE = """
query Wide($regionCode: String!) {
  implementations(regionCode: $regionCode, includeDescendants: true, first: 50) {
    totalCount syncedAt
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        __typename id implementationCode name code type level localCode status endedOn isDraft updatedAt
        acceptConditions procedure handlingType serviceObjects visitCount visitReason windowHandling
        onlineHandling courier booking onlinePayment onlineDepth onlineUrl chargesFee feeStandard feeBasis
        consultPhone complaintPhone address officeHours serviceArea
        statutoryLimit { value unit note }
        limit: committedLimit { ...Limit }
        catalogItem { __typename code name legalBases { lawName documentNumber clause text } }
        legalBases { lawName }
        region { id code name level parentCode parent { code parent { code } } ancestors { code name level } }
        department { id name creditCode creditCodeCheckPasses nature region { code ancestors { name } } }
        materials {
          code position name form necessity source sourceNote originalCopies photocopyCopies paperSpec
          fillInstructions commonMistakes legalBasis eCertificateExempt
          blankForm { title url fileExtension } sample { title }
          skipped: name @skip(if: true)
          included: name @include(if: true)
        }
        editorial { __typename }
        ... on Implementation { again: name }
      }
    }
  }
}
fragment Limit on TimeLimit { value unit note }
"""


def _variables(operation: OperationDefinitionNode, regions, guide) -> dict:
    values = {
        "regionCode": regions["township" if "Township" in operation.name.value else "county"].code,
        "changedSince": None,
        "since": (dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).isoformat(),
        "after": None,
        "search": "建设",
        "lifecycle": None,
        "tier": None,
        "code": implementation_code(guide.department.credit_code, guide.region.level, guide.catalog_item.code),
        # hall_guide.graphql
        "hallId": to_global_id("Hall", 1), "type": None, "validOn": None, "on": None,
        "implementationId": to_global_id("Implementation", guide.pk), "id": to_global_id("Implementation", guide.pk),
        "windowId": to_global_id("Window", 1),
        "listType": None,
        "listCode": "511602-execution",
        "batch": None,
        "date": "2025-06-01",
        "includeDescendants": True,
        # public_lists.graphql, public_policies.graphql, public_evaluation_stats.graphql
        "status": None, "keyword": None, "exemptFromApplication": None,
        "from": "2025-01-01", "to": "2026-12-31", "groupBy": "ITEM",
    }
    return {v.variable.name.value: values[v.variable.name.value] for v in operation.variable_definitions}


def _both(gql, monkeypatch, document, variables, operation_name=None, token=None):
    """The raw response bodies of the fast executor and of graphql-core's."""
    monkeypatch.setattr(connection, "synced_at", lambda request: SYNCED_AT)  # both runs at the same clock
    bodies = []
    for execution_context in (FastExecutionContext, ExecutionContext):
        monkeypatch.setattr(ApiView, "execution_context_class", execution_context)
        response = gql.response(document, variables, operation_name=operation_name, token=token)
        assert response.status_code == 200, response.content
        bodies.append(response.content)
    return bodies


@pytest.fixture
def world(regions, guide, county_department):
    """The guide (with a draft edit), a township row, an ended implementation and a cancelled item (tombstones)."""
    township_department = DepartmentFactory(region=regions["township"])
    township = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]),
                                     region=regions["township"], department=township_department)
    MaterialFactory(implementation=township, name="身份证", sort_order=0)
    guide.address = "草稿地址"
    guide.save_revision()
    cancelled = CatalogItemFactory(region=regions["province"])
    ImplementationFactory(catalog_item=cancelled, region=regions["county"], department=county_department)
    catalog_item_cancel(item=cancelled, cancel_date=dt.date(2025, 6, 1))
    return {"guide": guide, "township": township}


def _published_list(regions):
    from config_models.services.published_list import publication_publish
    from tests.factories import make_published_list

    page = make_published_list(regions["county"], code="511602-execution", rule=[("visit_count", "lte", "9")])
    publication_publish(page=page, document_number="广区府办〔2025〕1号", published_on=dt.date(2025, 3, 1),
                        effective_on=dt.date(2025, 3, 1))


def _queries(path) -> list[OperationDefinitionNode]:
    return [d for d in parse(path.read_text(encoding="utf-8")).definitions
            if isinstance(d, OperationDefinitionNode) and d.operation.value == "query"]


# The documents holding queries; a mutation (submit_evaluations.graphql) writes, and its own tests cover it.
QUERY_DOCUMENTS = [path for path in OPERATIONS if _queries(path)]


@pytest.mark.parametrize("path", QUERY_DOCUMENTS, ids=lambda path: path.name)
@pytest.mark.parametrize("viewer", ["public", "county client"])
def test_published_operations_answer_as_graphql_core(gql, monkeypatch, regions, world, path, viewer):
    # given
    document = path.read_text(encoding="utf-8")
    token = issue_client(regions["county"], name="广安区前端")[1] if viewer != "public" else None
    operations = _queries(path)
    if path.name == "public_lists.graphql":
        _published_list(regions)
    for operation in operations:
        variables = _variables(operation, regions, world["guide"])
        # when
        fast, core = _both(gql, monkeypatch, document, variables, operation.name.value, token)
        # then
        assert fast == core
        assert json.loads(fast).get("data"), fast


@pytest.mark.parametrize("viewer", ["public", "county client"])
def test_wide_query_answers_as_graphql_core(gql, monkeypatch, regions, world, viewer):
    # given
    token = issue_client(regions["county"], name="广安区前端")[1] if viewer != "public" else None
    # when
    fast, core = _both(gql, monkeypatch, WIDE, {"regionCode": regions["city"].code}, token=token)
    # then
    assert fast == core
    nodes = [edge["node"] for edge in json.loads(fast)["data"]["implementations"]["edges"]]
    assert [node["isDraft"] for node in nodes] == [viewer != "public", False]


# Values that break the rules, on a schema of their own ------------------------------------------------


class Color(graphene.Enum):
    RED = "red"
    BLUE = "blue"


class Leaf(graphene.ObjectType):
    text = graphene.String(required=True)
    maybe = graphene.String()
    number = graphene.Int()
    count = graphene.Int(required=True)
    flag = graphene.Boolean(required=True)
    color = graphene.Field(Color)
    colors = graphene.List(graphene.NonNull(Color))
    day = graphene.Date()
    tags = graphene.List(graphene.String)
    strict_tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    boom = graphene.String()
    strict_boom = graphene.String(required=True)
    greet = graphene.String(name=graphene.String(default_value="you"))

    @staticmethod
    def resolve_boom(root, info):
        if _get(root, "explode"):
            raise ValueError("boom")
        return "calm"

    @staticmethod
    def resolve_strict_boom(root, info):
        if _get(root, "explode"):
            raise ValueError("strict boom")
        return f"calm at {'.'.join(map(str, info.path.as_list()))}"

    @staticmethod
    def resolve_greet(root, info, name):
        return f"hello {name}"


class Box(graphene.ObjectType):
    label = graphene.String(required=True)
    leaf = graphene.Field(Leaf)
    strict_leaf = graphene.Field(Leaf, required=True)
    leaves = graphene.List(graphene.NonNull(Leaf))
    loose_leaves = graphene.List(Leaf, required=True)
    returned_error = graphene.Field(Leaf)


class Query(graphene.ObjectType):
    boxes = graphene.List(Box)
    strict_boxes = graphene.List(graphene.NonNull(Box))

    @staticmethod
    def resolve_boxes(root, info):
        return BOXES

    @staticmethod
    def resolve_strict_boxes(root, info):
        return BOXES


def _get(root, name):
    return root.get(name) if isinstance(root, dict) else getattr(root, name, None)


class Thing:
    def __init__(self, **values):
        self.__dict__.update(values)


GOOD = {"text": "ok", "maybe": None, "number": 7, "count": 1, "flag": True, "color": "red", "colors": ["red", "blue"],
        "day": dt.date(2025, 1, 2), "tags": ["a", None, 3], "strict_tags": ["x", "y"]}
BAD_VALUES = [
    {"text": None},  # null in a non-null field
    {"count": 2**40},  # Int out of range
    {"count": True},  # a bool for Int: graphql-core serialises it as 1
    {"number": "12"},  # a numeric string for Int
    {"number": "twelve"},
    {"text": 12},  # a number for String
    {"flag": 1},
    {"color": "green"},  # not a value of the enum
    {"color": Color.BLUE},  # a member rather than a value
    {"colors": ["red", "green"]},
    {"colors": ["red", None]},
    {"day": "2025-01-02"},
    {"tags": "not a list"},
    {"strict_tags": ["x", None]},
    {"strict_tags": None},
    {"explode": True},
    {"text": ValueError("returned, not raised")},
]
LEAVES = [dict(GOOD), Thing(**GOOD)] + [dict(GOOD, **bad) for bad in BAD_VALUES] + [
    Thing(**dict(GOOD, **bad)) for bad in BAD_VALUES
]
BOXES = [
    {"label": "good", "leaf": LEAVES[0], "strict_leaf": LEAVES[1], "leaves": LEAVES[:2], "loose_leaves": LEAVES[:2]},
    *(
        {"label": f"bad {n}", "leaf": leaf, "strict_leaf": leaf, "leaves": [LEAVES[0], leaf],
         "loose_leaves": [leaf, None, LEAVES[1]], "returned_error": ValueError("returned")}
        for n, leaf in enumerate(LEAVES[2:])
    ),
    None,
    Thing(label=None, leaf=None, strict_leaf=None, leaves=None, loose_leaves=[]),
    "not an object",
]
LEAF_FIELDS = "__typename text maybe number count flag color colors day tags strictTags boom strictBoom greet " \
              "hi: greet(name: \"there\")"
BROKEN = f"""
{{
  boxes {{ ...BoxFields }}
  strictBoxes {{ label leaf {{ text }} }}
}}
fragment BoxFields on Box {{
  label
  leaf {{ {LEAF_FIELDS} }}
  strictLeaf {{ {LEAF_FIELDS} }}
  leaves {{ {LEAF_FIELDS} }}
  looseLeaves {{ text count }}
  returnedError {{ text }}
}}
"""


def test_broken_values_are_reported_as_graphql_core_reports_them():
    # given
    schema = graphene.Schema(query=Query).graphql_schema
    document = parse(BROKEN)
    # when
    fast, core = (
        execute(schema, document, execution_context_class=execution_context)
        for execution_context in (FastExecutionContext, ExecutionContext)
    )
    # then
    assert fast.data == core.data
    assert [error.formatted for error in fast.errors] == [error.formatted for error in core.errors]
    assert len(core.errors) > len(BAD_VALUES)


def test_the_fast_path_reads_enums_of_python_values():
    class Mood(enum.Enum):
        HAPPY = 1

    MoodEnum = graphene.Enum.from_enum(Mood)

    class Face(graphene.ObjectType):
        mood = graphene.Field(MoodEnum)

    class Faces(graphene.ObjectType):
        faces = graphene.List(Face)

        @staticmethod
        def resolve_faces(root, info):
            return [{"mood": 1}, {"mood": Mood.HAPPY}, {"mood": True}, {"mood": "1"}]

    schema = graphene.Schema(query=Faces).graphql_schema
    fast, core = (
        execute(schema, parse("{ faces { mood } }"), execution_context_class=execution_context)
        for execution_context in (FastExecutionContext, ExecutionContext)
    )
    assert fast.data == core.data
    assert [error.formatted for error in fast.errors] == [error.formatted for error in core.errors]


@pytest.mark.parametrize(
    "payload",
    [
        {"data": {"名称": "建设工程施工许可证核发", "n": [0, -1, 2**31 - 1], "ok": True, "no": False, "none": None}},
        {"data": {"text": 'quote " backslash \\ controls \x00\x01\x1f\n\t\r\b\f del \x7f \u2028 \ud7ff 𠀀 é'}},
        {"errors": [{"message": "x", "extensions": {"code": "INTERNAL_SERVER_ERROR", "big": 2**70}}]},
        {1: "a non-string key"},
    ],
    ids=["plain", "escapes", "big int", "int key"],
)
def test_compact_json_gives_the_bytes_of_the_standard_library(payload):
    expected = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    assert compact_json(payload) == expected
