from collections.abc import Iterable

from cms.api.core.loaders import Loader
from config_models.models import Region


class RegionByIdLoader(Loader):
    context_key = "region_by_id"

    def batch_load(self, keys):
        regions = {region.pk: region for region in Region.objects.filter(pk__in=keys)}
        by_code = RegionByCodeLoader.for_request(self.request)
        for region in regions.values():
            by_code.put(region.code, region)
        return [regions.get(key) for key in keys]


class RegionByCodeLoader(Loader):
    context_key = "region_by_code"

    def batch_load(self, keys):
        regions = {region.code: region for region in Region.objects.filter(code__in=keys)}
        by_id = RegionByIdLoader.for_request(self.request)
        for region in regions.values():
            by_id.put(region.pk, region)
        return [regions.get(key) for key in keys]


def prime_regions(request, region_ids: Iterable[int], *, with_ancestors: bool) -> None:
    """Regions by id, then (when asked for) every region of their parent chains: two queries at most."""
    by_id = RegionByIdLoader.for_request(request)
    region_ids = list(region_ids)
    by_id.prime(region_ids)
    if with_ancestors and by_id.enabled:
        codes = set()
        for region_id in region_ids:
            region = by_id.cache.get(region_id)
            if region is not None:
                codes.update(region.ancestor_codes())
        RegionByCodeLoader.for_request(request).prime(sorted(codes))
