import time

from django.core.management.base import BaseCommand, CommandError

from demo.builder import KIND_LABELS
from demo.load import CATALOG_SOURCE, CITY, PROVINCE, SCALES, LoadDataExists, generate


class Command(BaseCommand):
    help = (
        "生成压测数据（区划 520000/520100 之下，基本编码以 52 开头，与演示数据互不冲突）。"
        "--scale city：1个市、12个县（区）、150个乡镇（街道）、1,800个村（社区）、3,000项事项、约9万条实施清单；"
        "--scale province：20个同样规模的市，约180万条实施清单、1,100万条申请材料（请在 PostgreSQL 上生成）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="city", help="数据规模（默认 city）。")
        parser.add_argument("--reset", action="store_true", help="先删除已有的压测数据再生成。")

    def handle(self, *args, scale, reset, **options):
        started = time.monotonic()
        try:
            created = generate(SCALES[scale], reset=reset, log=self.stdout.write)
        except LoadDataExists:
            raise CommandError(
                f"数据库中已有压测数据（区划 {PROVINCE[0]}/{CITY[0]} 或以 {CATALOG_SOURCE} 开头的基本编码）。"
                "如需重新生成，请加 --reset（将先删除这些压测数据及其变更记录）。"
            ) from None
        summary = "，".join(f"{KIND_LABELS[kind]} {count:,}" for kind, count in created.items())
        self.stdout.write(
            self.style.SUCCESS(f"压测数据已生成（{scale}）：{summary}。用时 {time.monotonic() - started:.1f} 秒。")
        )
