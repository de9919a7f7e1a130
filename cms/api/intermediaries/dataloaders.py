from cms.api.core.selection import selected_names
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.regions.dataloaders import prime_regions


def prepare_region_rows(rows, info):
    """Rows of a region with their department (selected with them) and the implementations they name
    (prefetched): the loaders learn the departments, and the regions of both are read in one query."""
    loader = DepartmentByIdLoader.for_request(info)
    for row in rows:
        loader.put(row.department_id, row.department)
    if "region" in selected_names(info):
        prime_regions(info.context, [row.region_id for row in rows] + [row.department.region_id for row in rows],
                      with_ancestors=True)
    return rows
