"""The public site: themes are per-Site data; pages answer only for the site's region."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cms.theming import ThemeSettings
from config_models.services.published_list import publication_publish
from config_models.services.site import region_site_ensure
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, make_published_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_site(regions):
    return region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)


def test_default_theme_shows_hotline_and_footer_from_site_settings(client, county_site):
    settings = ThemeSettings.for_site(county_site)
    settings.footer = "主办：广安区人民政府办公室\n地址：广安区建设路1号"
    settings.save()
    html = client.get("/").content.decode()
    assert "themes/default/site.css" in html and "themes/civic/site.css" not in html
    assert "12345" in html and "主办：广安区人民政府办公室" in html
    assert "--primary: #0b4f8a" in html


def test_second_theme_and_colours_are_chosen_per_site(client, regions, county_site):
    sibling_site = region_site_ensure(region=regions["sibling"], hostname="qianfeng.testserver")
    settings = ThemeSettings.for_site(sibling_site)
    settings.theme, settings.primary_colour, settings.hotline = "civic", "#7a1010", "0826-12345"
    settings.full_clean()
    settings.save()
    civic = client.get("/", HTTP_HOST="qianfeng.testserver").content.decode()
    assert "themes/civic/site.css" in civic and "让群众少跑腿" in civic
    assert "--primary: #7a1010" in civic and "0826-12345" in civic
    default = client.get("/").content.decode()
    assert "themes/civic/site.css" not in default


def test_bad_colour_is_refused_naming_the_field(county_site):
    settings = ThemeSettings.for_site(county_site)
    settings.primary_colour = "red"
    with pytest.raises(ValidationError) as raised:
        settings.full_clean()
    assert "primary_colour" in raised.value.message_dict


def test_item_guide_of_another_county_is_not_found_on_this_site(client, regions, county_site, implementation):
    other = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]),
                                  region=regions["sibling"], department=DepartmentFactory(region=regions["sibling"]))
    assert client.get(f"/guide/{implementation.pk}/").status_code == 200
    assert client.get(f"/guide/{other.pk}/").status_code == 404
    implementation.unpublish()
    assert client.get(f"/guide/{implementation.pk}/").status_code == 404


def test_list_page_filters_by_department_type_and_level(client, regions, county_site, implementation):
    township = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"], item_type="20"),
                                     region=regions["township"], department=implementation.department)
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    publication_publish(page=page, document_number="广区府办〔2025〕3号", published_on=dt.date(2025, 3, 1),
                        effective_on=dt.date(2025, 3, 1))
    assert len(client.get("/511602-zdpyc/").context["entries"]) == 2
    assert [e["name"] for e in client.get("/511602-zdpyc/", {"level": "township"}).context["entries"]] == [
        township.name]
    assert [e["name"] for e in client.get("/511602-zdpyc/", {"item_type": "01"}).context["entries"]] == [
        implementation.name]
    assert len(client.get("/511602-zdpyc/", {"department": implementation.department.credit_code})
               .context["entries"]) == 2
    assert client.get("/511602-zdpyc/batch/1/").status_code == 200
    assert client.get("/511602-zdpyc/batch/2/").status_code == 404


def test_admin_live_preview_counts_the_rule_being_edited(admin_client, regions, implementation):
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    page.rule = [("condition", {"field": "visit_count", "operator": "gte", "value": "5"})]
    response = page.make_preview_request(None, "")
    assert response.context_data["preview_count"] == 0
    page.rule = [("condition", {"field": "visit_count", "operator": "eq", "value": "1"})]
    assert page.make_preview_request(None, "").context_data["preview_count"] == 1


def test_entry_rows_escape_every_text_of_the_row():
    """The rows are built as one string (cms/templatetags/public_tags.py): each text still lands in its own
    cell escaped, a missing one is empty, and a text holding the cell separator changes nothing."""
    from cms.templatetags.public_tags import CELL_SEPARATOR, entry_rows

    hostile = {"implementation_id": 7, "name": "<script>alert(1)</script>", "region_name": "广安区",
               "item_type_label": "行政许可", "department_name": "A&B局", "level_label": '县"级', "visit_count": 0,
               "committed_limit": None, "implementation_code": f"11511602{CELL_SEPARATOR}X"}
    plain = {"implementation_id": 8, "name": "食品经营许可", "region_name": "", "item_type_label": "行政许可",
             "department_name": "广安区市场监督管理局", "level_label": "县级", "visit_count": 1,
             "committed_limit": 5, "implementation_code": "11511602MB0000000X"}
    rows = str(entry_rows([hostile, plain], link_guides=True)).split("</tr>")
    assert rows[0] == (
        '<tr><td>1</td><td><a href="/guide/7/">&lt;script&gt;alert(1)&lt;/script&gt;</a><br><span class="meta">'
        '广安区</span></td><td>行政许可</td><td>A&amp;B局</td><td>县&quot;级</td><td>0</td><td></td>'
        f"<td><code>11511602{CELL_SEPARATOR}X</code></td>"
    )
    assert rows[1] == (
        '<tr><td>2</td><td><a href="/guide/8/">食品经营许可</a></td><td>行政许可</td><td>广安区市场监督管理局</td>'
        "<td>县级</td><td>1</td><td>5</td><td><code>11511602MB0000000X</code></td>"
    )
    assert "<a " not in str(entry_rows([plain]))
