from django.core.management.base import BaseCommand, CommandError

from cms.api.snapshot import build_snapshot, refresh_snapshots
from config_models.models import Region


class Command(BaseCommand):
    help = "生成镜像快照：各县（区）的完整数据（NDJSON），供镜像下载后接续变更流。默认只生成有变更的。"

    def add_arguments(self, parser):
        parser.add_argument("--region", action="append", default=[], help="区划代码（可重复）；默认全部县（区）。")
        parser.add_argument("--force", action="store_true", help="无论有无变更都重新生成。")

    def handle(self, *args, region, force, **options):
        regions = None
        if region:
            regions = list(Region.objects.filter(code__in=region).order_by("code"))
            missing = sorted(set(region) - {r.code for r in regions})
            if missing:
                raise CommandError(f"区划代码不存在：{'、'.join(missing)}")
        if force:
            regions = regions or list(Region.objects.filter(level="county").order_by("code"))
            built = [build_snapshot(r) for r in regions]
        else:
            built = refresh_snapshots(regions)
        for snapshot in built:
            rows = "，".join(f"{kind} {count}" for kind, count in snapshot.rows.items())
            self.stdout.write(f"{snapshot.region.name}：变更流位置 {snapshot.sequence}，{rows}，"
                              f"{snapshot.size / 1e6:.1f} MB，{snapshot.seconds:.1f} 秒")
        if not built:
            self.stdout.write("没有需要更新的快照。")
