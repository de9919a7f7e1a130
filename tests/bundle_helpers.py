"""A small 开办餐饮店 bundle for tests: three items in two steps, adopted by 广安区.

Step 1 runs 设立登记 (produces 营业执照) and 公共场所卫生 in parallel; step 2 runs 食品经营许可, which asks
for the 营业执照 step 1 produced. Two items ask for 身份证 under slightly different names.
"""

from config_models.models import (
    Bundle,
    BundleFormField,
    BundleItem,
    BundleMaterialLink,
    BundleScenario,
    BundleTemplate,
    RegionPage,
)
from config_models.services.bundle import bundle_save, bundle_template_save
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, MaterialFactory

ITEMS = {
    # key: (name, committed days, visits)
    "licence": ("企业设立登记", 3, 1),
    "hygiene": ("公共场所卫生许可", 5, 1),
    "food": ("食品经营许可", 10, 1),
    "signboard": ("户外招牌设置审批", 2, 1),
}
MATERIALS = {
    "licence": [("企业设立登记申请书", "required", False), ("居民身份证（原件）", "required", False),
                ("住所使用证明", "required", False)],
    "hygiene": [("卫生许可申请表", "required", False), ("居民身份证", "required", False),
                ("从业人员健康证明", "deferrable", False)],
    "food": [("食品经营许可申请书", "required", False), ("营业执照", "required", False),
             ("身份证", "required", False), ("不动产权证书", "required", True)],
    "signboard": [("招牌设计效果图", "required", False)],
}


def catalog(regions):
    return {key: CatalogItemFactory(region=regions["province"], name=name) for key, (name, _d, _v) in ITEMS.items()}


def implement(items, region, department=None, keys=None):
    """Implementations of `keys` (default: all) in `region`, with their materials."""
    department = department or DepartmentFactory(region=region)
    rows = {}
    for key in keys or ITEMS:
        _name, days, visits = ITEMS[key]
        implementation = ImplementationFactory(
            catalog_item=items[key], region=region, department=department, committed_limit=days, visit_count=visits
        )
        for order, (name, necessity, e_cert) in enumerate(MATERIALS[key]):
            MaterialFactory(implementation=implementation, name=name, necessity=necessity,
                            e_certificate_exempt=e_cert, sort_order=order)
        rows[key] = implementation
    return rows


def make_template(regions, items, *, code="KBCYD", publish=True, **fields) -> BundleTemplate:
    template = BundleTemplate(
        title="开办餐饮店", code=code, lifecycle="enterprise", stage="开办", target="enterprise",
        lead_role="市场监管部门", cooperating_roles="卫生健康部门、城市管理部门",
        basis="<p>《优化营商环境条例》</p>", conditions="<p>有与经营相适应的场所。</p>",
        process="<p>一窗受理、并联审批、统一出件。</p>", channels="<p>窗口办理或网上办理。</p>",
        consultation="<p>0826-12345</p>", **fields,
    )
    template.scenarios = [BundleScenario(key="signboard", label="需要设置户外招牌", sort_order=0)]
    template.items = [
        BundleItem(catalog_item=items["licence"], step=1, step_name="设立登记与卫生许可", produces="营业执照",
                   sort_order=0),
        BundleItem(catalog_item=items["hygiene"], step=1, sort_order=1),
        BundleItem(catalog_item=items["food"], step=2, step_name="食品经营许可", sort_order=2),
        BundleItem(catalog_item=items["signboard"], step=2, scenarios="signboard", sort_order=3),
    ]
    template.material_links = [BundleMaterialLink(name="居民身份证", same_as="身份证", sort_order=0)]
    template.form_fields = [
        BundleFormField(label="申请人姓名", key="applicant_name", field_type="text", required=True, sort_order=0),
        BundleFormField(label="经营场所面积", key="area", field_type="number", required=False,
                        used_by=f"{items['hygiene'].code}", sort_order=1),
        BundleFormField(label="经营场所面积（平方米）", key="area", field_type="number", required=True,
                        used_by=f"{items['food'].code}", sort_order=2),
        BundleFormField(label="经营类别", key="category", field_type="choice", choices="热食类\n冷食类",
                        used_by=f"{items['food'].code}", sort_order=3),
        BundleFormField(label="招牌尺寸", key="sign_size", field_type="text", used_by=items["signboard"].code,
                        sort_order=4),
    ]
    city_page = RegionPage.objects.get(region=regions["city"])
    return bundle_template_save(template=template, parent=city_page, publish=publish)


def adopt(template, region, lead_department, *, committed_limit=10, publish=True, **fields) -> Bundle:
    bundle = Bundle(title=f"{region.name}{template.title}", bundle_template=template,
                    lead_department=lead_department, committed_limit=committed_limit,
                    address=f"{region.name}政务服务中心一楼综合窗口", consult_phone="0826-2345678", **fields)
    return bundle_save(bundle=bundle, parent=RegionPage.objects.get(region=region), publish=publish)


def names(materials) -> list[str]:
    return [m.name for m in materials]

