from cms.api.core.loaders import Loader
from config_models.models import Department


class DepartmentByIdLoader(Loader):
    context_key = "department_by_id"

    def batch_load(self, keys):
        departments = {department.pk: department for department in Department.objects.filter(pk__in=keys)}
        return [departments.get(key) for key in keys]
