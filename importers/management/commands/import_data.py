"""manage.py import_data RESOURCE FILE [--dry-run] [--user USERNAME] [--overwrite-drafts]: the admin import."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError

from importers.engine import report_text
from importers.jobs import run_batch
from importers.models import BatchStatus, ImportBatch
from importers.realdata import GUANG_AN, import_guang_an
from importers.resources import RESOURCES


class Command(BaseCommand):
    help = "导入行政区划、实施主体、基本目录、实施清单或申请材料（.xlsx/.csv）；有错误时不写入并以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=[*RESOURCES, GUANG_AN])
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查和预览，不写入。")
        parser.add_argument("--user", help="以该用户的身份和管辖范围导入（历史记录记为该用户）。")
        parser.add_argument("--overwrite-drafts", action="store_true",
                            help="有未发布草稿的记录也导入，导入的内容作为新的发布版本取代草稿（默认报错）。")
        parser.add_argument("--skip-unusable", action="store_true",
                            help=f"仅用于{GUANG_AN}：确认跳过部门编码无法使用的行（逐行列出）。")

    def handle(self, *args, resource, file, dry_run, user, skip_unusable=False, overwrite_drafts=False,
               **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"用户不存在：{user}")
        data = path.read_bytes()
        if resource == GUANG_AN:
            result = import_guang_an(data, user=importer, dry_run=dry_run, skip_unusable=skip_unusable)
            self.stdout.write(result.as_text())
            if result.errors:
                raise CommandError("有错误，未写入任何数据。")
            return
        batch = ImportBatch.objects.create(resource=resource, original_name=path.name, user=importer,
                                           overwrite_drafts=overwrite_drafts)
        batch.file.save(path.name, ContentFile(data), save=True)
        batch = run_batch(batch.pk, confirm=False)
        if batch.status == BatchStatus.PREVIEW and not dry_run:
            batch = run_batch(batch.pk, confirm=True)
        self.stdout.write(report_text(batch.report))
        if batch.status in (BatchStatus.INVALID, BatchStatus.FAILED):
            raise CommandError("有错误，未写入任何数据。")
        if dry_run:
            self.stdout.write("试运行：未写入任何数据。")
        else:
            self.stdout.write(f"已导入，{batch.change_reason}。")

