"""What the public sees of halls: published halls, their windows, and the window items of public items."""

from django.db.models import QuerySet

from config_models.models import Hall, ImplementationStatus, Window, WindowItem


def published_halls() -> QuerySet[Hall]:
    """Published halls: public (they carry no personal data)."""
    return Hall.objects.filter(live=True)


def public_windows() -> QuerySet[Window]:
    return Window.objects.filter(hall__live=True)


def public_window_items() -> QuerySet[WindowItem]:
    """Window items of implementations the public sees: published, in force, of a published catalog item."""
    return WindowItem.objects.filter(
        implementation__live=True, implementation__catalog_item__live=True,
    ).exclude(implementation__status=ImplementationStatus.ENDED)
