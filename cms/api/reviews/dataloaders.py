"""Loaders of the 待复核 marks: the open marks of a page of implementations or bundles in one query."""

from cms.api.core.loaders import Loader
from config_models.selectors.review import open_marks_by_target


class ReviewMarksByImplementationIdLoader(Loader):
    context_key = "review_marks_by_implementation_id"

    def batch_load(self, keys):
        found = open_marks_by_target(target="implementation", keys=keys)
        return [found.get(key, []) for key in keys]


class ReviewMarksByBundleIdLoader(Loader):
    context_key = "review_marks_by_bundle_id"

    def batch_load(self, keys):
        found = open_marks_by_target(target="bundle", keys=keys)
        return [found.get(key, []) for key in keys]
