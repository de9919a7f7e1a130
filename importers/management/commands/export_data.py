"""manage.py export_data RESOURCE [--region CODE] FILE: the same columns the import reads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config_models.models import Region
from importers.resources import RESOURCES
from importers.workbook import export_csv, export_xlsx


class Command(BaseCommand):
    help = "导出为与导入相同格式的 .xlsx 或 .csv（UTF-8带BOM）。"

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=list(RESOURCES))
        parser.add_argument("file")
        parser.add_argument("--region", help="只导出该区划及其下级的数据（区划代码）。")

    def handle(self, *args, resource, file, region, **options):
        scope_region = None
        if region:
            scope_region = Region.objects.filter(code=region).first()
            if scope_region is None:
                raise CommandError(f"区划不存在：{region}")
        path = Path(file)
        if path.suffix.lower() == ".csv":
            data = export_csv(resource, scope_region)
        elif path.suffix.lower() == ".xlsx":
            data = export_xlsx(resource, scope_region)
        else:
            raise CommandError("文件名应以 .xlsx 或 .csv 结尾。")
        path.write_bytes(data)
        self.stdout.write(f"已导出到 {path}")
