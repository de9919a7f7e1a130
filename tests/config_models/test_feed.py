"""The change feed: what one write appends, for the row and for every parent a mirror stores it under."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from config_models import codes
from config_models.models import Change, ChangeEntity, ChangeOperation, Implementation, LeaveReason
from config_models.services.feed import feed_record
from tests.factories import (
    CatalogItemFactory,
    DepartmentFactory,
    ImplementationFactory,
    LegalBasisFactory,
    MaterialFactory,
)


def forget_setup():
    """Factories write through the services, which append entries of their own: keep only the test's."""
    Change.objects.all().delete()


def entries(**filters):
    return list(Change.objects.filter(**filters).values_list("entity", "object_id", "operation"))


def test_an_implementation_entry_carries_its_code_region_and_actor(implementation, django_user_model):
    # given
    user = django_user_model.objects.create(username="editor")
    forget_setup()
    # when
    feed_record(implementation, operation=ChangeOperation.INSERT, actor=user, batch="import-7")
    # then
    change = Change.objects.get()
    assert (change.entity, change.object_id, change.operation) == (
        ChangeEntity.IMPLEMENTATION, implementation.pk, ChangeOperation.INSERT
    )
    assert change.code == codes.implementation_code(
        implementation.department.credit_code, implementation.region.level, implementation.catalog_item.code
    )
    assert change.region_path == implementation.region.path
    assert (change.actor, change.batch, change.public) == (user, "import-7", implementation.live)


def test_a_material_change_is_an_update_of_its_implementation(implementation):
    material = MaterialFactory(implementation=implementation)
    forget_setup()
    feed_record(material, operation=ChangeOperation.DELETE)
    assert entries() == [(ChangeEntity.IMPLEMENTATION, implementation.pk, ChangeOperation.UPDATE)]


def test_a_catalog_item_rename_updates_every_implementation_of_it(implementation, regions, catalog_item):
    other = ImplementationFactory(catalog_item=catalog_item, region=regions["sibling"],
                                  department=DepartmentFactory(region=regions["sibling"]))
    forget_setup()
    feed_record(catalog_item)
    assert sorted(entries(entity=ChangeEntity.IMPLEMENTATION)) == sorted(
        [(ChangeEntity.IMPLEMENTATION, implementation.pk, "U"), (ChangeEntity.IMPLEMENTATION, other.pk, "U")]
    )
    assert entries(entity=ChangeEntity.CATALOG_ITEM) == [(ChangeEntity.CATALOG_ITEM, catalog_item.pk, "U")]


def test_a_legal_basis_change_updates_its_item_and_the_item_s_implementations(implementation, catalog_item):
    basis = LegalBasisFactory(catalog_item=catalog_item)
    forget_setup()
    feed_record(basis)
    assert sorted(entries()) == sorted([(ChangeEntity.CATALOG_ITEM, catalog_item.pk, "U"),
                                        (ChangeEntity.IMPLEMENTATION, implementation.pk, "U")])


def test_a_region_rename_updates_its_subtree_and_nothing_beside_it(implementation, regions, county_department):
    sibling_department = DepartmentFactory(region=regions["sibling"])
    forget_setup()
    feed_record(regions["county"])
    changed = set(entries())
    assert (ChangeEntity.REGION, regions["county"].pk, "U") in changed
    assert (ChangeEntity.REGION, regions["township"].pk, "U") in changed
    assert (ChangeEntity.DEPARTMENT, county_department.pk, "U") in changed
    assert (ChangeEntity.IMPLEMENTATION, implementation.pk, "U") in changed
    assert (ChangeEntity.REGION, regions["sibling"].pk, "U") not in changed
    assert (ChangeEntity.DEPARTMENT, sibling_department.pk, "U") not in changed


def test_a_draft_change_is_not_public_and_a_removal_keeps_its_reason(implementation):
    forget_setup()
    feed_record(implementation, draft=True)
    feed_record(implementation, operation=ChangeOperation.DELETE, reason=LeaveReason.ENDED)
    draft, removal = Change.objects.order_by("sequence")
    assert draft.public is False
    assert (removal.operation, removal.reason, removal.public) == ("D", LeaveReason.ENDED, implementation.live)
    assert removal.sequence > draft.sequence


def test_recording_many_rows_takes_the_same_statements_as_a_few(regions, county_department):
    def statements(count):
        rows = [ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]),
                                      region=regions["county"], department=county_department)
                for _ in range(count)]
        Change.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            appended = feed_record(Implementation.objects.filter(pk__in=[row.pk for row in rows]))
        assert appended == count
        return len(queries)

    assert statements(3) == statements(30)
