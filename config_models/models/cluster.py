from modelcluster.models import ClusterableModel


class FastLoadingClusterableModel(ClusterableModel):
    """A ClusterableModel whose rows load from the database at the cost of a plain model.

    modelcluster's constructor lists the model's child relations on every instantiation, to sort child
    objects out of the keyword arguments. Rows read from the database arrive as positional values only,
    so that work is wasted there, and it is about half the cost of loading each row in the API's bulk
    pulls (bench/api_pull.py).
    """

    class Meta:
        abstract = True

    def __init__(self, *args, **kwargs):
        if kwargs:
            super().__init__(*args, **kwargs)
        else:
            super(ClusterableModel, self).__init__(*args)
