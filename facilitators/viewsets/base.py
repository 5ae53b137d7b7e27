"""What the coordinators' read-only screens share: a list and an inspect view, both fetched
through a scoped selector, and no add, edit, copy or delete."""

from django.shortcuts import get_object_or_404
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet


class ScopedIndexView(IndexView):
    """Lists only what `selector(user=…)` returns for the person asking."""

    selector = None

    def get_base_queryset(self):
        return type(self).selector(user=self.request.user)


class ScopedInspectView(InspectView):
    """Another county's object is a 404, as everywhere else."""

    selector = None

    def get_object(self, queryset=None):
        return get_object_or_404(type(self).selector(user=self.request.user), pk=self.pk)


class ReadOnlyViewSet(ModelViewSet):
    """A list and an inspect view; nobody adds, edits, copies or deletes here."""

    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = []
    hidden_views = {"add", "edit", "copy", "delete", "history", "usage"}

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"add_url_name": None, **kwargs})

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in self.hidden_views]


class YesNoColumn(BooleanColumn):
    """Wagtail's tick and cross, named "Ja" and "Nei" in the person's language (Wagtail's own
    column names them "True" and "False", also to a screen reader)."""

    cell_template_name = "facilitators/admin/cells/yes_no.html"
