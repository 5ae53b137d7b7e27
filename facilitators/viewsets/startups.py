"""The coordinator's overview of start-ups ("Oppstarter"): a list of the start-ups in their
counties with filters and warnings, counts and charts per county, and a read-only view of each
start-up's timeline. Start-ups are moved by their facilitators on Min side, never here."""

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import BooleanRadioSelect

from ..models import StartUp
from ..models.startups import Stage
from ..selectors.admin import (
    STALE_AFTER,
    county_choices_for_admin,
    county_counts_for_admin,
    facilitator_choices_for_admin,
    interest_by_theme_for_admin,
    interest_messages_for_admin,
    municipality_choices_for_admin,
    recipient_count_visible,
    startup_list_for_admin,
    startup_timeline,
    theme_choices_for_admin,
)
from .base import ReadOnlyViewSet, ScopedIndexView, ScopedInspectView
from .charts import interest_chart, stage_chart


def _for_request(selector):
    def queryset(request):
        if request is None:
            return selector(user=None)
        return selector(user=request.user)

    return queryset


class StartUpFilterSet(WagtailFilterSet):
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=_("All"))
    needs_attention = django_filters.BooleanFilter(
        label=_("Not moved for 8 weeks"), method="filter_needs_attention", widget=BooleanRadioSelect
    )
    facilitator = django_filters.ModelChoiceFilter(
        label=_("Facilitator"), field_name="facilitators", queryset=_for_request(facilitator_choices_for_admin),
        distinct=True,
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"), field_name="group__municipality__county", queryset=_for_request(county_choices_for_admin)
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), field_name="group__municipality",
        queryset=_for_request(municipality_choices_for_admin),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="group__themes", queryset=lambda request: theme_choices_for_admin(),
        distinct=True,
    )

    class Meta:
        model = StartUp
        fields = []

    def filter_needs_attention(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_stale=value)


class FacilitatorsColumn(Column):
    def get_value(self, instance):
        return ", ".join(str(person) for person in instance.facilitators.all()) or "–"


class DaysInStageColumn(Column):
    cell_template_name = "facilitators/admin/cells/days_in_stage.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["days"] = (timezone.now() - instance.stage_changed_at).days
        context["changed_at"] = instance.stage_changed_at
        return context


class AttentionColumn(Column):
    """Warnings as text with an icon, never by colour alone."""

    cell_template_name = "facilitators/admin/cells/attention.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["startup"] = instance
        context["stale_weeks"] = STALE_AFTER.days // 7
        return context


class StartUpIndexView(ScopedIndexView):
    template_name = "facilitators/admin/startup_index.html"
    page_title = _("Start-ups")
    default_ordering = "stage_changed_at"
    selector = startup_list_for_admin

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            counts = county_counts_for_admin(user=self.request.user)
            context["county_counts"] = counts
            context["year"] = timezone.localdate().year
            context["stage_chart"] = stage_chart(counts)
            context["interest_chart"] = interest_chart(interest_by_theme_for_admin(user=self.request.user))
        return context


class StartUpInspectView(ScopedInspectView):
    template_name = "facilitators/admin/startup_inspect.html"
    page_title = _("Start-up")
    selector = startup_list_for_admin

    def get_page_subtitle(self):
        return str(self.object.group)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.object.group
        context["startup"] = self.object
        context["group"] = group
        context["timeline"] = startup_timeline(self.object)
        context["interest_messages"] = list(interest_messages_for_admin(user=self.request.user).filter(group=group))
        for message in context["interest_messages"]:
            message.count_shown = recipient_count_visible(user=self.request.user, message=message)
        context["days"] = (timezone.now() - self.object.stage_changed_at).days
        context["stale_weeks"] = STALE_AFTER.days // 7
        context["group_edit_url"] = reverse("wagtailsnippets_groups_selfhelpgroup:edit", args=[group.pk])
        context["group_history_url"] = reverse("wagtailsnippets_groups_selfhelpgroup:history", args=[group.pk])
        if self.object.changed_since_approved:
            context["compare_url"] = reverse(
                "wagtailsnippets_groups_selfhelpgroup:revisions_compare",
                args=[group.pk, self.object.approved_revision_id, group.latest_revision_id],
            )
        return context


class StartUpViewSet(ReadOnlyViewSet):
    model = StartUp
    name = "startups"
    url_prefix = "oppstarter"
    icon = "history"
    menu_label = _("Start-ups")
    menu_name = "startups"
    add_to_admin_menu = False  # it sits in the "Facilitators" group
    index_view_class = StartUpIndexView
    inspect_view_class = StartUpInspectView
    filterset_class = StartUpFilterSet
    form_fields = ["stage"]  # unused: the add and edit views are not routed
    list_display = [
        "group",  # the title column: opens the start-up
        Column("municipality", label=_("Municipality"), accessor="group.municipality"),
        FacilitatorsColumn("facilitators", label=_("Facilitators")),
        Column("stage", label=_("Stage"), accessor="get_stage_display", sort_key="stage"),
        DaysInStageColumn("stage_changed_at", label=_("Since the stage changed"), sort_key="stage_changed_at"),
        AttentionColumn("attention", label=_("Needs attention")),
    ]
    list_per_page = 50
