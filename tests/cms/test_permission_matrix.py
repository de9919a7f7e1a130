"""The permission matrix: every role × where a row sits × what the admin lets them do with it.

The tables below are the specification (DESIGN.md §3 and the scope issue), written out cell by cell;
nothing here is computed from `config_models.scope`. Each cell is exercised over HTTP against the
real Wagtail admin with the test client.

The world
---------
::

    四川省 (province) ─┬─ 广安市 (city) ─┬─ 广安区 (county) ─┬─ 北辰街道 (township) ── 北辰社区 (village)
                       │                 │                   └─ 中桥街道 (township)
                       │                 └─ 前锋区 (county)
                       └─ 成都市 (city)

Every region holds a department 矩阵部门〔region〕 and an implementation of 矩阵事项〔region〕 by that
department, with the department's 中介服务事项 矩阵中介〔region〕 and 惠企政策 矩阵政策〔region〕. 广安市,
广安区 and 北辰街道 also hold a second department 矩阵部门〔region·另〕 with its own implementation
矩阵事项〔region·另〕 (and service and policy). The implementations' catalog items are maintained by the province,
so every user may read them; the matrix is about the implementations. The catalog proper has
矩阵目录〔四川省〕, 矩阵目录〔广安市〕 and 矩阵目录〔成都市〕.

Where each role sits, and what the relations mean for it
--------------------------------------------------------
============== ============ ============ ============ ============ ==========
role           own          colleague    below        sibling      parent
============== ============ ============ ============ ============ ==========
city_admin     广安市       广安市·另    广安区       成都市       四川省
county_admin   广安区       广安区·另    北辰街道     前锋区       广安市
township_admin 北辰街道     北辰街道·另  北辰社区     中桥街道     广安区
department_    广安区       广安区·另    北辰街道     前锋区       广安市
editor
reviewer       广安区       广安区·另    北辰街道     前锋区       广安市
viewer         广安区       广安区·另    北辰街道     前锋区       广安市
============== ============ ============ ============ ============ ==========

- *own*: the row of the role's own region (for the department editor: its own department, 矩阵部门〔广安区〕,
  and that department's implementation);
- *colleague*: the same region, another department: what tells a department editor from a county admin;
- *below*: a region one level down, with its own department;
- *sibling*: the region beside the role's (same parent);
- *parent*: the region right above.

The catalog is maintained only at province and city level, so for CatalogItem the relations are taken
at the city: *own* is 广安市's catalog (the one every role here works under), *sibling* is 成都市's,
*parent* is the province's; nobody below a city maintains a catalog, so *below* and *colleague* have no
catalog row.

Cells
-----
- ``ok``: allowed. list / export / search show the row; inspect and edit answer 200; the edit POST
  stores the change (as the row, or for draft models as a new draft revision); publish makes the
  change live; delete removes the row.
- ``no``: list / export / search do not show the row anywhere on the page.
- ``404``: the row is outside the user's scope; its URL answers 404 and nothing changes.
- ``403``: the user sees the row but may not do this; the URL answers 403 and nothing changes.
- ``draft``: (publish) the user may save drafts but not publish: the POST is accepted as a draft and the
  live row keeps its values.
"""

import csv
import datetime as dt
import io
import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from config_models.models import (
    BusinessPolicy,
    CatalogItem,
    CatalogProposal,
    DelegationRequest,
    DelegationRequestStatus,
    Department,
    Implementation,
    IntermediaryService,
    Membership,
    ProposalKind,
    ProposalStage,
    ProposalStatus,
    Region,
    ReviewMark,
    ReviewOffice,
    ReviewStatus,
    Role,
)
from config_models.services.business_policy import business_policy_save
from config_models.services.delegation_request import delegation_request_submit
from config_models.services.intermediary import intermediary_service_save
from config_models.services.membership import membership_save
from config_models.services.proposal import proposal_submit
from tests.cms.admin_post_data import edit_post_data
from tests.factories import (
    CatalogItemFactory,
    DepartmentFactory,
    ImplementationFactory,
    UserFactory,
    credit_code,
    make_region,
)

# ---------------------------------------------------------------------------------------------------
# The specification
# ---------------------------------------------------------------------------------------------------

DEPARTMENT = """
role               relation   list  inspect  edit  delete  export  search
city_admin         own        ok    ok       ok    ok      ok      ok
city_admin         colleague  ok    ok       ok    ok      ok      ok
city_admin         below      ok    ok       ok    ok      ok      ok
city_admin         sibling    no    404      404   404     no      no
city_admin         parent     no    404      404   404     no      no
county_admin       own        ok    ok       ok    ok      ok      ok
county_admin       colleague  ok    ok       ok    ok      ok      ok
county_admin       below      ok    ok       ok    ok      ok      ok
county_admin       sibling    no    404      404   404     no      no
county_admin       parent     no    404      404   404     no      no
township_admin     own        ok    ok       ok    ok      ok      ok
township_admin     colleague  ok    ok       ok    ok      ok      ok
township_admin     below      ok    ok       ok    ok      ok      ok
township_admin     sibling    no    404      404   404     no      no
township_admin     parent     no    404      404   404     no      no
department_editor  own        ok    ok       403   403     ok      ok
department_editor  colleague  ok    ok       403   403     ok      ok
department_editor  below      ok    ok       403   403     ok      ok
department_editor  sibling    no    404      404   404     no      no
department_editor  parent     no    404      404   404     no      no
reviewer           own        ok    ok       403   403     ok      ok
reviewer           colleague  ok    ok       403   403     ok      ok
reviewer           below      ok    ok       403   403     ok      ok
reviewer           sibling    no    404      404   404     no      no
reviewer           parent     no    404      404   404     no      no
viewer             own        ok    ok       403   403     ok      ok
viewer             colleague  ok    ok       403   403     ok      ok
viewer             below      ok    ok       403   403     ok      ok
viewer             sibling    no    404      404   404     no      no
viewer             parent     no    404      404   404     no      no
"""

IMPLEMENTATION = """
role               relation   list  inspect  edit  publish  delete  export  search
city_admin         own        ok    ok       ok    ok       ok      ok      ok
city_admin         colleague  ok    ok       ok    ok       ok      ok      ok
city_admin         below      ok    ok       ok    ok       ok      ok      ok
city_admin         sibling    no    404      404   404      404     no      no
city_admin         parent     no    404      404   404      404     no      no
county_admin       own        ok    ok       ok    ok       ok      ok      ok
county_admin       colleague  ok    ok       ok    ok       ok      ok      ok
county_admin       below      ok    ok       ok    ok       ok      ok      ok
county_admin       sibling    no    404      404   404      404     no      no
county_admin       parent     no    404      404   404      404     no      no
township_admin     own        ok    ok       ok    ok       ok      ok      ok
township_admin     colleague  ok    ok       ok    ok       ok      ok      ok
township_admin     below      ok    ok       ok    ok       ok      ok      ok
township_admin     sibling    no    404      404   404      404     no      no
township_admin     parent     no    404      404   404      404     no      no
department_editor  own        ok    ok       ok    draft    403     ok      ok
department_editor  colleague  no    404      404   404      404     no      no
department_editor  below      no    404      404   404      404     no      no
department_editor  sibling    no    404      404   404      404     no      no
department_editor  parent     no    404      404   404      404     no      no
reviewer           own        ok    ok       ok    ok       403     ok      ok
reviewer           colleague  ok    ok       ok    ok       403     ok      ok
reviewer           below      ok    ok       ok    ok       403     ok      ok
reviewer           sibling    no    404      404   404      404     no      no
reviewer           parent     no    404      404   404      404     no      no
viewer             own        ok    ok       403   403      403     ok      ok
viewer             colleague  ok    ok       403   403      403     ok      ok
viewer             below      ok    ok       403   403      403     ok      ok
viewer             sibling    no    404      404   404      404     no      no
viewer             parent     no    404      404   404      404     no      no
"""

CATALOG_ITEM = """
role               relation   list  inspect  edit  publish  delete  export  search
city_admin         own        ok    ok       ok    ok       ok      ok      ok
city_admin         sibling    no    404      404   404      404     no      no
city_admin         parent     ok    ok       403   403      403     ok      ok
county_admin       own        ok    ok       403   403      403     ok      ok
county_admin       sibling    no    404      404   404      404     no      no
county_admin       parent     ok    ok       403   403      403     ok      ok
township_admin     own        ok    ok       403   403      403     ok      ok
township_admin     sibling    no    404      404   404      404     no      no
township_admin     parent     ok    ok       403   403      403     ok      ok
department_editor  own        ok    ok       403   403      403     ok      ok
department_editor  sibling    no    404      404   404      404     no      no
department_editor  parent     ok    ok       403   403      403     ok      ok
reviewer           own        ok    ok       403   403      403     ok      ok
reviewer           sibling    no    404      404   404      404     no      no
reviewer           parent     ok    ok       403   403      403     ok      ok
viewer             own        ok    ok       403   403      403     ok      ok
viewer             sibling    no    404      404   404      404     no      no
viewer             parent     ok    ok       403   403      403     ok      ok
"""

# Where each role's membership sits, and which world slot each relation names for it (see the docstring).
COUNTY_PLACES = {"own": "county", "colleague": "county·另", "below": "township", "sibling": "other_county",
                 "parent": "city"}
PLACES = {
    "city_admin": {"own": "city", "colleague": "city·另", "below": "county", "sibling": "other_city",
                   "parent": "province"},
    "county_admin": COUNTY_PLACES,
    "township_admin": {"own": "township", "colleague": "township·另", "below": "village",
                       "sibling": "other_township", "parent": "county"},
    "department_editor": COUNTY_PLACES,
    "reviewer": COUNTY_PLACES,
    "viewer": COUNTY_PLACES,
}
CATALOG_PLACES = {"own": "city", "sibling": "other_city", "parent": "province"}
HOME = {role: places["own"] for role, places in PLACES.items()}

REGIONS = [  # slot, code, name, level, parent slot
    ("province", "510000", "四川省", "province", None),
    ("city", "511600", "广安市", "city", "province"),
    ("other_city", "510100", "成都市", "city", "province"),
    ("county", "511602", "广安区", "county", "city"),
    ("other_county", "511603", "前锋区", "county", "city"),
    ("township", "511602001000", "北辰街道", "township", "county"),
    ("other_township", "511602002000", "中桥街道", "township", "county"),
    ("village", "511602001001", "北辰社区", "village", "township"),
]
SECOND_DEPARTMENT_IN = ["city", "county", "township"]


def parse(table: str) -> tuple[list[str], dict[tuple[str, str], dict[str, str]]]:
    lines = [line.split() for line in table.strip().splitlines()]
    actions = lines[0][2:]
    cells = {(role, relation): dict(zip(actions, values, strict=True)) for role, relation, *values in lines[1:]}
    return actions, cells


# 中介服务事项 and 惠企政策 are a region's rows like its departments: seen and edited in the same subtree, by the
# same roles (a department editor reads them all, whatever their department).
INTERMEDIARY_SERVICE = BUSINESS_POLICY = DEPARTMENT

MATRICES = {"department": parse(DEPARTMENT), "implementation": parse(IMPLEMENTATION),
            "catalogitem": parse(CATALOG_ITEM), "intermediaryservice": parse(INTERMEDIARY_SERVICE),
            "businesspolicy": parse(BUSINESS_POLICY)}


def matrix_cells():
    for model_name, (actions, cells) in MATRICES.items():
        for (role, relation), row in cells.items():
            for action in actions:
                yield pytest.param(model_name, role, relation, action, row[action],
                                   id=f"{model_name}-{role}-{relation}-{action}")


def test_the_tables_cover_every_role_and_relation():
    for model_name, (_actions, cells) in MATRICES.items():
        relations = CATALOG_PLACES if model_name == "catalogitem" else PLACES["city_admin"]
        assert set(cells) == {(role, relation) for role in Role.values for relation in relations}, model_name


# ---------------------------------------------------------------------------------------------------
# The world, built once per module (the matrix makes several hundred requests against it)
# ---------------------------------------------------------------------------------------------------

class World:
    def __init__(self):
        self.regions: dict[str, Region] = {}
        self.departments: dict[str, Department] = {}
        self.implementations: dict[str, Implementation] = {}
        self.catalog: dict[str, CatalogItem] = {}
        self.intermediary_services: dict[str, IntermediaryService] = {}
        self.business_policies: dict[str, BusinessPolicy] = {}
        self.users = {}
        self.superuser = None

    def row(self, model_name: str, slot: str):
        return {"department": self.departments, "implementation": self.implementations,
                "catalogitem": self.catalog, "intermediaryservice": self.intermediary_services,
                "businesspolicy": self.business_policies}[model_name][slot]


def build_world() -> World:
    world = World()
    for slot, code, name, level, parent in REGIONS:
        world.regions[slot] = make_region(code, name, level, world.regions.get(parent))
    slots = [(slot, world.regions[slot], "") for slot, *_ in REGIONS]
    slots += [(f"{slot}·另", world.regions[slot], "·另") for slot in SECOND_DEPARTMENT_IN]
    for seed, (slot, region, suffix) in enumerate(slots, start=1):
        label = f"{region.name}{suffix}"
        department = DepartmentFactory(name=f"矩阵部门〔{label}〕", region=region,
                                       credit_code=credit_code(900 + seed, region.code))
        item = CatalogItemFactory(name=f"矩阵事项〔{label}〕", code=f"0001{900 + seed:05d}000",
                                  region=world.regions["province"],
                                  allowed_levels=["province", "city", "county", "township", "village"])
        world.departments[slot] = department
        world.implementations[slot] = ImplementationFactory(catalog_item=item, region=region, department=department)
        world.intermediary_services[slot] = intermediary_service_save(intermediary_service=IntermediaryService(
            name=f"矩阵中介〔{label}〕", region=region, department=department, legal_basis="矩阵依据", time_limit=5,
        ))
        world.business_policies[slot] = business_policy_save(business_policy=BusinessPolicy(
            name=f"矩阵政策〔{label}〕", region=region, department=department, document_number="矩阵〔2025〕1号",
            beneficiaries="矩阵企业", valid_from=dt.date(2025, 1, 1), exempt_from_application=True,
        ))
    for seed, slot in enumerate(CATALOG_PLACES.values(), start=1):
        region = world.regions[slot]
        world.catalog[slot] = CatalogItemFactory(name=f"矩阵目录〔{region.name}〕", code=f"0001{800 + seed:05d}000",
                                                 region=region)
    for role in Role.values:
        user = UserFactory(username=f"matrix_{role}")
        membership = Membership(user=user, region=world.regions[HOME[role]], role=role)
        if role == Role.DEPARTMENT_EDITOR:
            membership.department = world.departments[HOME[role]]
        if role == Role.REVIEWER:
            membership.office = ReviewOffice.STAFFING  # reviews 事项申请 for 编办 (the proposals' matrix)
        membership_save(membership=membership)
        world.users[role] = user
    world.superuser = UserFactory(username="matrix_root", is_superuser=True, is_staff=True)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def as_role(world, db, client):
    def login(role):
        client.force_login(world.users[role])
        return client

    return login


# ---------------------------------------------------------------------------------------------------
# How each action is exercised
# ---------------------------------------------------------------------------------------------------

# The field each edit changes, and the value it sets.
EDIT = {"department": ("name", "矩阵部门（已改名）"), "catalogitem": ("local_code", "MATRIXEDIT"),
        "implementation": ("address", "矩阵修改后的办理地点"), "intermediaryservice": ("time_limit", 9),
        "businesspolicy": ("beneficiaries", "矩阵修改后的政策对象")}

# Listings and exports answer the same for every cell of one role: fetched once per role (each test
# rolls back, so every test starts from the same world).
_pages: dict[tuple, str] = {}


def url(model_name, view, *args):
    return reverse(f"wagtailsnippets_config_models_{model_name}:{view}", args=args)


def fetch(client, role, model_name, query=""):
    key = (role, model_name, query)
    if key not in _pages:
        response = client.get(url(model_name, "list") + query)
        assert response.status_code == 200
        if query.startswith("?export=csv"):
            _pages[key] = b"".join(response.streaming_content).decode("utf-8-sig")
        else:
            _pages[key] = response.content.decode()
    return _pages[key]


def listing_rows(html: str) -> str:
    """The table body of a listing page: the search box repeats the query, the results are in here."""
    return "".join(re.findall(r"<tbody.*?</tbody>", html, flags=re.S))


def name_of(model_name, row) -> str:
    return row.catalog_item.name if model_name == "implementation" else row.name


def fresh(row):
    return type(row)._default_manager.filter(pk=row.pk).first()


def stored_value(row, field):
    """The value the admin would show: the latest draft for draft models, else the row."""
    row = fresh(row)
    if getattr(row, "latest_revision", None) is not None:
        return row.latest_revision.content.get(field)
    return getattr(row, field)


def clear_references(row, keep_user):
    """Deleting a department is protected while rows point at it; the cell tests the permission only."""
    if isinstance(row, Department):
        Implementation.objects.filter(department=row).delete()
        IntermediaryService.objects.filter(department=row).delete()
        BusinessPolicy.objects.filter(department=row).delete()
        Membership.objects.filter(department=row).exclude(user=keep_user).delete()


def shown(name: str, html: str, expected: str) -> bool:
    """An allowed row appears among the listing's rows; a refused one appears nowhere on the page."""
    return name in listing_rows(html) if expected == "ok" else name not in html


def check_list(client, world, role, model_name, row, expected):
    name = name_of(model_name, row)
    assert shown(name, fetch(client, role, model_name), expected), f"{name} in the listing of {role}: {expected}"


def check_export(client, world, role, model_name, row, expected):
    name = name_of(model_name, row)
    exported = fetch(client, role, model_name, "?export=csv")
    cells = {cell for line in csv.reader(io.StringIO(exported)) for cell in line}
    assert (name in cells) is (expected == "ok"), f"{name} in the export of {role}: {expected}"


def check_search(client, world, role, model_name, row, expected):
    name = name_of(model_name, row)
    response = client.get(url(model_name, "list_results"), {"q": name})  # the listing's search, results only
    assert response.status_code == 200
    assert (name in listing_rows(response.content.decode())) is (expected == "ok"), f"{role} searching {name}"


def check_inspect(client, world, role, model_name, row, expected):
    response = client.get(url(model_name, "inspect", row.pk))
    assert response.status_code == (200 if expected == "ok" else int(expected))
    assert (name_of(model_name, row) in response.content.decode()) is (expected == "ok")


def refusal(response):
    return response.context["form"].errors if response.context and "form" in response.context else response


def check_edit(client, world, role, model_name, row, expected):
    field, value = EDIT[model_name]
    before = stored_value(row, field)
    response = client.get(url(model_name, "edit", row.pk))
    assert response.status_code == (200 if expected == "ok" else int(expected))
    response = client.post(url(model_name, "edit", row.pk), edit_post_data(row, **{field: value}))
    if expected == "ok":
        assert response.status_code == 302, refusal(response)
        assert stored_value(row, field) == value
    else:
        assert response.status_code == int(expected)
        assert stored_value(row, field) == before


def check_publish(client, world, role, model_name, row, expected):
    field, value = EDIT[model_name]
    before = getattr(fresh(row), field)
    response = client.post(url(model_name, "edit", row.pk), edit_post_data(row, publish=True, **{field: value}))
    if expected in ("ok", "draft"):
        assert response.status_code == 302, refusal(response)
        assert getattr(fresh(row), field) == (value if expected == "ok" else before)
        assert stored_value(row, field) == value
    else:
        assert response.status_code == int(expected)
        assert getattr(fresh(row), field) == before
        assert stored_value(row, field) != value


def check_delete(client, world, role, model_name, row, expected):
    clear_references(row, keep_user=world.users[role])
    response = client.get(url(model_name, "delete", row.pk))
    assert response.status_code == (200 if expected == "ok" else int(expected))
    response = client.post(url(model_name, "delete", row.pk))
    if expected == "ok":
        assert response.status_code == 302
        assert fresh(row) is None
    else:
        assert response.status_code == int(expected)
        assert fresh(row) is not None


CHECKS = {"list": check_list, "export": check_export, "search": check_search, "inspect": check_inspect,
          "edit": check_edit, "publish": check_publish, "delete": check_delete}


@pytest.mark.parametrize(("model_name", "role", "relation", "action", "expected"), list(matrix_cells()))
def test_permission_matrix(world, as_role, model_name, role, relation, action, expected):
    # given
    slot = (CATALOG_PLACES if model_name == "catalogitem" else PLACES[role])[relation]
    row = world.row(model_name, slot)
    client = as_role(role)
    # when / then
    CHECKS[action](client, world, role, model_name, row, expected)


# ---------------------------------------------------------------------------------------------------
# Choosers and filter drop-downs: they list only the rows of the user's scope
# ---------------------------------------------------------------------------------------------------

DEPARTMENT_SLOTS = [slot for slot, *_ in REGIONS] + [f"{slot}·另" for slot in SECOND_DEPARTMENT_IN]
COUNTY_DEPARTMENTS = {"county", "county·另", "township", "township·另", "other_township", "village"}
COUNTY_REGIONS = {"province", "city", "county", "township", "other_township", "village"}

# role -> chooser -> the world slots it offers; every other slot must be absent.
CHOOSER_OFFERS = {
    "city_admin": {
        "department": {"city", "city·另", "county", "county·另", "other_county", "township", "township·另",
                       "other_township", "village"},
        "region": {"province", "city", "county", "other_county", "township", "other_township", "village"},
        "catalogitem": {"province", "city"},
    },
    "county_admin": {"department": COUNTY_DEPARTMENTS, "region": COUNTY_REGIONS, "catalogitem": {"province", "city"}},
    "township_admin": {
        "department": {"township", "township·另", "village"},
        "region": {"province", "city", "county", "township", "village"},
        "catalogitem": {"province", "city"},
    },
    "department_editor": {"department": COUNTY_DEPARTMENTS, "region": COUNTY_REGIONS,
                          "catalogitem": {"province", "city"}},
    "reviewer": {"department": COUNTY_DEPARTMENTS, "region": COUNTY_REGIONS, "catalogitem": {"province", "city"}},
    "viewer": {"department": COUNTY_DEPARTMENTS, "region": COUNTY_REGIONS, "catalogitem": {"province", "city"}},
}


def chooser_label(world, model_name, slot):
    if model_name == "department":
        return world.departments[slot].name
    if model_name == "region":
        return str(world.regions[slot])
    return world.catalog[slot].name


def chooser_slots(model_name):
    return {"department": DEPARTMENT_SLOTS, "region": [slot for slot, *_ in REGIONS],
            "catalogitem": list(CATALOG_PLACES.values())}[model_name]


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("model_name", ["department", "region", "catalogitem"])
def test_choosers_offer_only_rows_in_scope(world, as_role, role, model_name):
    # given
    client = as_role(role)
    offered = CHOOSER_OFFERS[role][model_name]
    # when
    response = client.get(reverse(f"wagtailsnippetchoosers_config_models_{model_name}:choose"))
    # then
    assert response.status_code == 200
    html = response.json()["html"]
    shown = {slot for slot in chooser_slots(model_name) if chooser_label(world, model_name, slot) in html}
    assert shown == offered


@pytest.mark.parametrize("model_name", ["department", "region", "catalogitem"])
def test_chooser_search_and_chosen_url_do_not_reach_outside_the_scope(world, as_role, model_name):
    # given: a county admin, the other city's row (outside its scope) and one it sees
    client = as_role("county_admin")
    chooser = f"wagtailsnippetchoosers_config_models_{model_name}"
    rows = {"department": world.departments, "region": world.regions, "catalogitem": world.catalog}[model_name]
    row, own = rows["other_city"], rows["city" if model_name == "catalogitem" else "county"]
    # when
    searched = client.get(reverse(f"{chooser}:choose_results"), {"q": row.name})
    searched_own = client.get(reverse(f"{chooser}:choose_results"), {"q": own.name})
    chosen = client.get(reverse(f"{chooser}:chosen", args=[row.pk]))
    chosen_many = client.get(reverse(f"{chooser}:chosen_multiple"), {"id": [row.pk]})
    # then (the "no results for …" line repeats the query, so only the result rows count)
    assert searched.status_code == 200
    assert row.name not in listing_rows(searched.content.decode())
    assert own.name in listing_rows(searched_own.content.decode())
    assert chosen.status_code == 404
    assert chosen_many.status_code == 200
    assert row.name not in chosen_many.content.decode()


def select_options(html: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S)
    assert select, f"no drop-down {name}"
    return {label.strip() for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                                                          select.group(0)) if value}


@pytest.mark.parametrize("model_name", ["implementation", "department"])
def test_filter_drop_downs_offer_only_the_scope(world, as_role, model_name):
    # given
    client = as_role("county_admin")
    # when
    html = client.get(url(model_name, "list")).content.decode()
    # then: the region filter offers the county's subtree and the regions above it, never another county's
    assert select_options(html, "region") == {str(world.regions[slot]) for slot in COUNTY_REGIONS}
    for slot in ("other_county", "other_city"):
        assert world.regions[slot].name not in html
        assert world.departments[slot].name not in html
    if model_name == "implementation":
        assert select_options(html, "department") == {world.departments[slot].name for slot in COUNTY_DEPARTMENTS}


# ---------------------------------------------------------------------------------------------------
# The other views of a row: history, usage, revisions, locking, copying
# ---------------------------------------------------------------------------------------------------

# view, method, expected status for the county's own implementation ("ok": anything but 403/404), another
# county's implementation, and the city's catalog item that a county admin reads but may not change.
# Wagtail's own history view asks for an editing permission; reading the audit trail is
# tongban_audit_history, open to every reader (tests/cms/test_audit.py).
ROW_VIEWS = """
view                  method  own  sibling  read_only
history               get     ok   404      403
usage                 get     ok   404      403
copy                  get     ok   404      403
revisions_compare     get     ok   404      403
revisions_revert      get     ok   404      403
revisions_unschedule  post    ok   404      403
unpublish             get     ok   404      403
lock                  post    ok   404      403
unlock                post    ok   404      403
"""


def row_view_cases():
    lines = [line.split() for line in ROW_VIEWS.strip().splitlines()[1:]]
    for view, method, *expected in lines:
        for target, status in zip(["own", "sibling", "read_only"], expected, strict=True):
            yield pytest.param(view, method, target, status, id=f"{view}-{target}")


def view_args(view, row):
    revision = row.save_revision()
    if view == "revisions_compare":
        return [row.pk, "earliest", "latest"]
    if view in ("revisions_revert", "revisions_unschedule"):
        return [row.pk, revision.pk]
    return [row.pk]


@pytest.mark.parametrize(("view", "method", "target", "expected"), list(row_view_cases()))
def test_row_views_follow_the_scope(world, as_role, view, method, target, expected):
    # given
    client = as_role("county_admin")
    model_name, row = {
        "own": ("implementation", world.implementations["county"]),
        "sibling": ("implementation", world.implementations["other_county"]),
        "read_only": ("catalogitem", world.catalog["city"]),
    }[target]
    row = fresh(row)
    # when
    response = getattr(client, method)(url(model_name, view, *view_args(view, row)))
    # then
    if expected == "ok":
        assert response.status_code not in (403, 404)
    else:
        assert response.status_code == int(expected)


@pytest.mark.parametrize("view", ["history", "usage", "copy"])
def test_department_row_views_answer_404_outside_the_scope(world, as_role, view):
    client = as_role("county_admin")
    assert client.get(url("department", view, world.departments["other_county"].pk)).status_code == 404
    assert client.get(url("department", view, world.departments["county"].pk)).status_code == 200


# ---------------------------------------------------------------------------------------------------
# Bulk actions
# ---------------------------------------------------------------------------------------------------

def bulk_delete_url(model_name, *rows, everything=False):
    ids = "id=all" if everything else "&".join(f"id={row.pk}" for row in rows)
    return reverse("wagtail_bulk_action", args=["config_models", model_name, "delete"]) + "?" + ids


def test_bulk_delete_touches_only_rows_in_scope(world, as_role):
    # given: the county's own implementation, another county's and the city's
    client = as_role("county_admin")
    own, sibling, parent = (world.implementations[slot] for slot in ("county", "other_county", "city"))
    target = bulk_delete_url("implementation", own, sibling, parent)
    # when
    confirmation = client.get(target).content.decode()
    response = client.post(target)
    # then: rows the county admin cannot see are not even named, and survive
    assert own.catalog_item.name in confirmation
    assert sibling.catalog_item.name not in confirmation
    assert parent.catalog_item.name not in confirmation
    assert response.status_code == 302
    assert fresh(own) is None
    assert fresh(sibling) is not None
    assert fresh(parent) is not None


def test_bulk_delete_of_all_rows_means_all_rows_in_scope(world, as_role):
    # given
    client = as_role("county_admin")
    target = bulk_delete_url("department", everything=True)
    Implementation.objects.all().delete()
    IntermediaryService.objects.all().delete()
    BusinessPolicy.objects.all().delete()
    Membership.objects.filter(department__isnull=False).delete()
    # when
    confirmation = client.get(target).content.decode()
    client.post(target)
    # then
    for slot, department in world.departments.items():
        in_scope = slot in COUNTY_DEPARTMENTS
        assert (department.name in confirmation) is in_scope, slot
        assert (fresh(department) is None) is in_scope, slot


def test_bulk_delete_refuses_rows_seen_but_not_deletable(world, as_role):
    client = as_role("viewer")
    own = world.implementations["county"]
    client.post(bulk_delete_url("implementation", own))
    assert fresh(own) is not None


def test_bulk_delete_of_rows_all_outside_the_scope_answers_404(world, as_role):
    client = as_role("county_admin")
    sibling = world.implementations["other_county"]
    assert client.post(bulk_delete_url("implementation", sibling)).status_code == 404
    assert fresh(sibling) is not None


# ---------------------------------------------------------------------------------------------------
# Placing rows: a form cannot put a row outside the user's scope
# ---------------------------------------------------------------------------------------------------

def form_errors(response) -> str:
    assert response.status_code == 200, response
    return response.content.decode()


def new_department_data(world, region, name="矩阵新部门"):
    data = edit_post_data(world.departments["county"], name=name, region=region)
    data["credit_code"] = credit_code(777, region.code)
    return data


def test_county_admin_adds_a_department_below_its_county(world, as_role):
    client = as_role("county_admin")
    response = client.post(url("department", "add"), new_department_data(world, world.regions["township"]))
    assert response.status_code == 302
    assert Department.objects.filter(name="矩阵新部门", region=world.regions["township"]).exists()


@pytest.mark.parametrize(("slot", "message"), [
    ("city", "“广安市”不在您的管辖范围内"),  # seen (the region above), but not the county admin's to fill
    ("other_county", "选择一个有效的选项"),  # not even offered
])
def test_county_admin_cannot_add_a_department_outside_its_county(world, as_role, slot, message):
    client = as_role("county_admin")
    response = client.post(url("department", "add"), new_department_data(world, world.regions[slot]))
    assert message in form_errors(response)
    assert not Department.objects.filter(name="矩阵新部门").exists()


def test_county_admin_cannot_move_its_department_out_of_its_county(world, as_role):
    client = as_role("county_admin")
    department = world.departments["county·另"]
    response = client.post(url("department", "edit", department.pk),
                           edit_post_data(department, region=world.regions["city"]))
    assert "“广安市”不在您的管辖范围内" in form_errors(response)
    assert fresh(department).region == world.regions["county"]


def new_implementation_data(world, department):
    template = world.implementations["county"]
    return edit_post_data(template, catalog_item=world.implementations["province"].catalog_item,
                          region=world.regions["county"], department=department)


def test_department_editor_drafts_an_implementation_of_its_department(world, as_role):
    client = as_role("department_editor")
    response = client.post(url("implementation", "add"), new_implementation_data(world, world.departments["county"]))
    assert response.status_code == 302
    created = Implementation.objects.get(catalog_item=world.implementations["province"].catalog_item,
                                         region=world.regions["county"])
    assert created.department == world.departments["county"]
    assert not created.live


def test_department_editor_cannot_create_an_implementation_for_another_department(world, as_role):
    client = as_role("department_editor")
    data = new_implementation_data(world, world.departments["county·另"])
    response = client.post(url("implementation", "add"), data)
    assert "部门编辑只能保存本部门的记录" in form_errors(response)
    assert not Implementation.objects.filter(catalog_item=world.implementations["province"].catalog_item,
                                             region=world.regions["county"]).exists()


def test_township_admin_cannot_create_an_implementation_in_its_county(world, as_role):
    client = as_role("township_admin")
    data = new_implementation_data(world, world.departments["township"])
    response = client.post(url("implementation", "add"), data)
    assert "“广安区”不在您的管辖范围内" in form_errors(response)
    assert not Implementation.objects.filter(catalog_item=world.implementations["province"].catalog_item,
                                             region=world.regions["county"]).exists()


def test_county_admin_cannot_add_to_the_catalog(world, as_role):
    client = as_role("county_admin")
    assert client.get(url("catalogitem", "add")).status_code == 403


def test_publishing_follows_the_row_not_a_role_held_elsewhere(world, as_role, client):
    # given: the department editor of 广安区 is also the reviewer of 前锋区 (who may publish there)
    editor = world.users["department_editor"]
    membership_save(membership=Membership(user=editor, region=world.regions["other_county"], role=Role.REVIEWER))
    client.force_login(editor)
    own = world.implementations["county"]
    # when: it tries to publish its own county's implementation
    response = client.post(url("implementation", "edit", own.pk), edit_post_data(own, publish=True, address="越权发布"))
    # then: saved as a draft; the live row is unchanged
    assert response.status_code == 302
    assert fresh(own).address != "越权发布"
    assert stored_value(own, "address") == "越权发布"


def test_creating_with_publish_follows_the_place_not_a_role_held_elsewhere(world, as_role, client):
    # given: the department editor of 广安区 who also reviews 前锋区
    editor = world.users["department_editor"]
    membership_save(membership=Membership(user=editor, region=world.regions["other_county"], role=Role.REVIEWER))
    client.force_login(editor)
    data = {**new_implementation_data(world, world.departments["county"]), "action-publish": "action-publish"}
    # when
    response = client.post(url("implementation", "add"), data)
    # then
    assert "您无权发布所选区划或部门的记录" in form_errors(response)
    assert not Implementation.objects.filter(catalog_item=world.implementations["province"].catalog_item,
                                             region=world.regions["county"]).exists()


def test_county_admin_creates_and_publishes_in_its_county(world, as_role):
    client = as_role("county_admin")
    data = {**new_implementation_data(world, world.departments["county"]), "action-publish": "action-publish"}
    assert client.post(url("implementation", "add"), data).status_code == 302
    assert Implementation.objects.get(catalog_item=world.implementations["province"].catalog_item,
                                      region=world.regions["county"]).live


# ---------------------------------------------------------------------------------------------------
# Memberships: an administrator grants roles only inside its region and never above its own
# ---------------------------------------------------------------------------------------------------

def membership_data(user, region, role, department=None):
    return {"user": user.pk, "region": region.pk, "role": role, "department": department.pk if department else ""}


def test_county_admin_grants_a_township_admin_in_its_county(world, as_role):
    client = as_role("county_admin")
    newcomer = UserFactory(username="matrix_newcomer")
    response = client.post(url("membership", "add"),
                           membership_data(newcomer, world.regions["township"], Role.TOWNSHIP_ADMIN))
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, role=Role.TOWNSHIP_ADMIN).exists()


def test_county_admin_cannot_grant_a_role_above_its_own(world, as_role):
    client = as_role("county_admin")
    newcomer = UserFactory(username="matrix_newcomer")
    response = client.post(url("membership", "add"),
                           membership_data(newcomer, world.regions["county"], Role.CITY_ADMIN))
    assert "您不能授予高于本人角色（县级管理员）的角色" in form_errors(response)
    assert not Membership.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize(("slot", "role", "message"), [
    ("city", Role.CITY_ADMIN, "“广安市”不在您的管辖范围内"),
    ("other_county", Role.COUNTY_ADMIN, "选择一个有效的选项"),
    ("other_county", Role.VIEWER, "选择一个有效的选项"),
])
def test_county_admin_cannot_grant_roles_outside_its_county(world, as_role, slot, role, message):
    client = as_role("county_admin")
    newcomer = UserFactory(username="matrix_newcomer")
    response = client.post(url("membership", "add"), membership_data(newcomer, world.regions[slot], role))
    assert message in form_errors(response)
    assert not Membership.objects.filter(user=newcomer).exists()


def test_county_admin_cannot_touch_memberships_above_or_beside_it(world, as_role):
    client = as_role("county_admin")
    city_admin = Membership.objects.get(user=world.users["city_admin"])
    stranger = membership_save(membership=Membership(user=UserFactory(username="matrix_stranger"),
                                                     region=world.regions["other_county"], role=Role.VIEWER))
    for membership in (city_admin, stranger):
        assert client.get(url("membership", "edit", membership.pk)).status_code == 404
        assert client.post(url("membership", "delete", membership.pk)).status_code == 404
        assert fresh(membership) is not None
    listing = client.get(url("membership", "list")).content.decode()
    assert "matrix_city_admin" not in listing
    assert "matrix_stranger" not in listing


def test_membership_form_names_only_users_the_admin_may_manage(world, as_role):
    # given: a user known only in 前锋区, and one with no role yet
    membership_save(membership=Membership(user=UserFactory(username="matrix_stranger"),
                                          region=world.regions["other_county"], role=Role.VIEWER))
    UserFactory(username="matrix_newcomer")
    client = as_role("county_admin")
    # when
    html = client.get(url("membership", "add")).content.decode()
    # then
    users = select_options(html, "user")
    assert {"matrix_newcomer", "matrix_county_admin", "matrix_viewer"} <= users
    assert "matrix_stranger" not in users
    assert "matrix_city_admin" not in users


# ---------------------------------------------------------------------------------------------------
# Governance: 事项申请, 待复核 marks and 放权申请, each row placed by the region it comes from
# ---------------------------------------------------------------------------------------------------

# 事项申请 of 广安区, 北辰街道 and 前锋区, each in the name of that region's department.
# - list: the row is on /admin/proposals/ (``ok``) or nowhere on it (``no``);
# - submit: a new proposal in that region's and department's name: ``ok`` stored; ``denied`` Wagtail's
#   refusal (back to the dashboard with its no-permission message); ``refused`` the form answers with a
#   Chinese error and nothing is stored;
# - review: deciding the 编办 step (the matrix reviewer reviews for 编办); approve: deciding the city step.
#   ``ok`` the proposal moves on; ``refused`` it stays where it was, with the Chinese reason shown; ``404``
#   the proposal is outside the user's scope.
# Nobody decides a step of its own region: reviewers and approvers sit strictly above the proposing region.
PROPOSAL = """
role               proposer      list  submit   review   approve
city_admin         county        ok    denied      refused  ok
city_admin         township      ok    denied      refused  ok
city_admin         other_county  ok    denied      refused  ok
county_admin       county        ok    ok       refused  refused
county_admin       township      ok    ok       refused  refused
county_admin       other_county  no    refused  404      404
township_admin     county        no    refused  404      404
township_admin     township      ok    ok       refused  refused
township_admin     other_county  no    refused  404      404
department_editor  county        ok    ok       refused  refused
department_editor  township      no    refused  404      404
department_editor  other_county  no    refused  404      404
reviewer           county        ok    denied      refused  refused
reviewer           township      ok    denied      ok       refused
reviewer           other_county  no    denied      404      404
viewer             county        ok    denied      refused  refused
viewer             township      ok    denied      refused  refused
viewer             other_county  no    denied      404      404
"""

# 待复核 marks on the implementations of the implementation matrix's relations (see PLACES).
# - list: the mark is on the 待复核 worklist; settle: "无需调整" posted for it. ``ok`` settled; ``refused`` it
#   stays open, with the Chinese reason shown; ``404`` outside the scope. Administrators settle; the other
#   roles read.
REVIEW_MARK = """
role               relation   list  settle
city_admin         own        ok    ok
city_admin         colleague  ok    ok
city_admin         below      ok    ok
city_admin         sibling    no    404
city_admin         parent     no    404
county_admin       own        ok    ok
county_admin       colleague  ok    ok
county_admin       below      ok    ok
county_admin       sibling    no    404
county_admin       parent     no    404
township_admin     own        ok    ok
township_admin     colleague  ok    ok
township_admin     below      ok    ok
township_admin     sibling    no    404
township_admin     parent     no    404
department_editor  own        ok    refused
department_editor  colleague  no    404
department_editor  below      no    404
department_editor  sibling    no    404
department_editor  parent     no    404
reviewer           own        ok    refused
reviewer           colleague  ok    refused
reviewer           below      ok    refused
reviewer           sibling    no    404
reviewer           parent     no    404
viewer             own        ok    refused
viewer             colleague  ok    refused
viewer             below      ok    refused
viewer             sibling    no    404
viewer             parent     no    404
"""

# 放权申请, pending: 北辰街道 asks for 广安区's power (county_power) and for 广安市's (city_power); 中桥街道 asks
# for 广安区's (neighbour). The power's owner decides, from its region or above, never the requester's region.
# - list: the request is on /admin/delegation-requests/; request: the same request submitted again (after the
#   pending one is withdrawn): ``ok`` stored, ``denied`` Wagtail's refusal, ``refused`` a Chinese form error
#   and nothing stored; decide: approving it: ``ok`` the delegation is made, ``denied``/``404`` nothing made.
DELEGATION_REQUEST = """
role               request       list  request  decide
city_admin         county_power  ok    ok       ok
city_admin         city_power    ok    ok       ok
city_admin         neighbour     ok    ok       ok
county_admin       county_power  ok    ok       ok
county_admin       city_power    ok    ok       denied
county_admin       neighbour     ok    ok       ok
township_admin     county_power  ok    ok       denied
township_admin     city_power    ok    ok       denied
township_admin     neighbour     no    refused  404
department_editor  county_power  ok    denied      denied
department_editor  city_power    no    denied      404
department_editor  neighbour     ok    denied      denied
reviewer           county_power  ok    denied      denied
reviewer           city_power    ok    denied      denied
reviewer           neighbour     ok    denied      denied
viewer             county_power  ok    denied      denied
viewer             city_power    ok    denied      denied
viewer             neighbour     ok    denied      denied
"""

REQUESTS = {"county_power": ("township", "county"), "city_power": ("township", "city"),
            "neighbour": ("other_township", "county")}  # requesting slot, owning slot
GOVERNANCE = {"proposal": parse(PROPOSAL), "reviewmark": parse(REVIEW_MARK),
              "delegationrequest": parse(DELEGATION_REQUEST)}


def governance_cells():
    for model_name, (actions, cells) in GOVERNANCE.items():
        for (role, row), expected in cells.items():
            for action in actions:
                yield pytest.param(model_name, role, row, action, expected[action],
                                   id=f"{model_name}-{role}-{row}-{action}")


def test_the_governance_tables_cover_every_role_and_row():
    rows = {"proposal": {"county", "township", "other_county"}, "reviewmark": set(PLACES["city_admin"]),
            "delegationrequest": set(REQUESTS)}
    for model_name, (_actions, cells) in GOVERNANCE.items():
        assert set(cells) == {(role, row) for role in Role.values for row in rows[model_name]}, model_name


_serial = iter(range(1, 10_000))


def new_proposal(world, slot) -> CatalogProposal:
    return CatalogProposal(kind=ProposalKind.NEW, region=world.regions[slot], department=world.departments[slot],
                           code=f"0099{next(_serial):05d}000", name=f"矩阵申请事项〔{world.regions[slot].name}〕",
                           item_type="01", allowed_levels=["county"], law_name="《矩阵条例》", reason="矩阵测试。")


def proposal_data(proposal: CatalogProposal) -> dict:
    return {"kind": proposal.kind, "region": proposal.region.pk, "department": proposal.department.pk,
            "code": proposal.code, "name": proposal.name, "item_type": proposal.item_type,
            "allowed_levels": proposal.allowed_levels, "law_name": proposal.law_name, "reason": proposal.reason}


def assert_denied(response):
    """Wagtail answers a refused admin view by sending the user back to the dashboard."""
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), response


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"]) if response.context else ""


def check_proposal(client, world, action, slot, expected):
    if action == "submit":
        wanted = new_proposal(world, slot)
        response = client.post(reverse("tongban_proposal_new"), proposal_data(wanted))
        stored = CatalogProposal.objects.filter(code=wanted.code).exists()
        if expected == "ok":
            assert response.status_code == 302, refusal(response)
        elif expected == "refused":
            assert response.status_code == 200 and response.context["form"].errors
        else:
            assert_denied(response)
        assert stored is (expected == "ok")
        return
    proposal = proposal_submit(proposal=new_proposal(world, slot), user=world.superuser)
    if action == "list":
        assert shown(proposal.name, client.get(reverse("tongban_proposals")).content.decode(), expected)
        return
    stage = ProposalStage.STAFFING if action == "review" else ProposalStage.CITY
    CatalogProposal.objects.filter(pk=proposal.pk).update(stage=stage)
    response = client.post(reverse("tongban_proposal_review", args=[proposal.pk]), {"decision": "pass"},
                           follow=expected != "404")
    proposal.refresh_from_db()
    if expected == "404":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        if expected == "refused":
            assert "您不能审核" in messages_of(response)
    moved = proposal.stage != stage or proposal.status != ProposalStatus.IN_REVIEW
    assert moved is (expected == "ok")


def check_reviewmark(client, world, action, slot, expected):
    implementation = world.implementations[slot]
    mark = ReviewMark.objects.create(implementation=implementation, region=implementation.region,
                                     catalog_item=implementation.catalog_item, since=timezone.now(),
                                     fields=[{"field": "name", "label": "事项名称", "before": "旧名", "after": "新名"}])
    if action == "list":
        html = client.get(reverse("tongban_review_worklist")).content.decode()
        assert shown(implementation.department.name, html, expected), f"{slot}: {expected}"
        return
    response = client.post(reverse("tongban_review_mark_act", args=[mark.pk]), {"action": ReviewStatus.NO_CHANGE},
                           follow=expected != "404")
    mark.refresh_from_db()
    if expected == "404":
        assert response.status_code == 404
    elif expected == "refused":
        assert "不在您的管辖范围内" in messages_of(response)
    assert (mark.status == ReviewStatus.NO_CHANGE) is (expected == "ok")


def pending_request(world, name) -> DelegationRequest:
    region, owner = (world.regions[slot] for slot in REQUESTS[name])
    return delegation_request_submit(request=DelegationRequest(
        region=region, implementation=world.implementations[REQUESTS[name][1]],
        receiving_department=world.departments[REQUESTS[name][0]], reason=f"矩阵放权申请〔{owner.name}〕"),
        user=world.superuser)


def check_delegationrequest(client, world, action, name, expected):
    request = pending_request(world, name)
    if action == "list":
        html = client.get(reverse("tongban_delegation_requests")).content.decode()
        assert shown(request.reason, html, expected) and (expected == "no" or request.region.name in html)
        return
    if action == "request":
        data = {"region": request.region.pk, "implementation": request.implementation.pk,
                "receiving_department": request.receiving_department.pk, "delegation_type": request.delegation_type,
                "reason": "矩阵再次申请。"}
        request.delete()
        response = client.post(reverse("tongban_delegation_request_new"), data)
        if expected == "ok":
            assert response.status_code == 302, refusal(response)
        elif expected == "refused":
            assert response.status_code == 200 and response.context["form"].errors
        else:
            assert_denied(response)
        assert DelegationRequest.objects.filter(reason="矩阵再次申请。").exists() is (expected == "ok")
        return
    owner = request.implementation.region
    response = client.post(reverse("tongban_delegation_request_decide", args=[request.pk]), {
        "decision": "approve", "document_number": "矩阵发〔2026〕1号", "effective_on": "2026-01-01",
        "supervisor": world.departments["city" if owner == world.regions["city"] else "county"].pk,
        "supervision_method": "每季度抽查。"})
    request.refresh_from_db()
    if expected == "ok":
        assert response.status_code == 302 and response.url == reverse("tongban_delegation_requests"), refusal(response)
    elif expected == "denied":
        assert_denied(response)
    else:
        assert response.status_code == int(expected)
    assert (request.status == DelegationRequestStatus.APPROVED) is (expected == "ok")
    assert (request.delegation_id is not None) is (expected == "ok")


GOVERNANCE_CHECKS = {"proposal": check_proposal, "reviewmark": check_reviewmark,
                     "delegationrequest": check_delegationrequest}


@pytest.mark.parametrize(("model_name", "role", "row", "action", "expected"), list(governance_cells()))
def test_governance_permission_matrix(world, as_role, model_name, role, row, action, expected):
    # given
    client = as_role(role)
    slot = PLACES[role][row] if model_name == "reviewmark" else row
    # when / then
    GOVERNANCE_CHECKS[model_name](client, world, action, slot, expected)
