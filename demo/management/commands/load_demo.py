import time

from django.core.management.base import BaseCommand

from demo.builder import KIND_LABELS, PORT, load_demo


class Command(BaseCommand):
    help = (
        "加载演示数据：广安市及其3个县（区）、9个乡镇（街道）、18个村（社区）和1个园区，"
        "基本目录、实施清单和演示账号。可重复执行，已有的数据不会重复创建。"
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_demo()
        elapsed = time.monotonic() - started
        created = [f"{label} {result.created[kind]}" for kind, label in KIND_LABELS.items() if result.created[kind]]
        if created:
            self.stdout.write(self.style.SUCCESS("已创建：" + "，".join(created) + "。"))
        else:
            self.stdout.write(self.style.SUCCESS("演示数据已完整，未作改动。"))
        self.stdout.write(f"用时 {elapsed:.1f} 秒。")
        self.stdout.write("")
        self.stdout.write(f"站点：http://localhost:{PORT}/（广安市），http://511602.localhost:{PORT}/ 等（各县区）")
        self.stdout.write(f"管理后台：http://localhost:{PORT}/admin/")
        self.stdout.write("")
        self.stdout.write("演示账号：")
        header = ("用户名", "密码", "角色", "区划", "部门")
        rows = [(a["username"], a["password"], a["role"], a["region"], a["department"]) for a in result.accounts]
        widths = [max(_width(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write("  ".join(_pad(str(value), width) for value, width in zip(row, widths, strict=True)))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
