"""Publish the list batches whose scheduled time has come (run it every minute from cron or a timer)."""

from django.core.management.base import BaseCommand

from config_models.models import PublicationStatus
from config_models.services.published_list import publications_publish_due


class Command(BaseCommand):
    help = "发布已到定时发布时间的清单批次；未通过校验的批次标记为未通过并记录原因。"

    def handle(self, *args, **options):
        for publication in publications_publish_due():
            if publication.status == PublicationStatus.PUBLISHED:
                self.stdout.write(f"已发布：{publication}（{publication.entry_count}项）")
            else:
                self.stdout.write(f"未通过校验：{publication}：" + "；".join(publication.refusal_reasons))
