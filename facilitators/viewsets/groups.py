"""Staff screens for groups in the Wagtail admin: the group snippet, its chooser and bulk
delete, each showing a person only the groups in their scope (policies.GroupPermissionPolicy).

The admin is one of the faces over the groups, so it lives here with the other coordinators'
screens, not in the groups app (which knows nothing of who coordinates what)."""

import functools

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_list_or_404
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.models import TaskState
from wagtail.permissions import policy_registry
from wagtail.snippets.action_menu import WorkflowMenuItem
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, WorkflowActionView

from groups.models import SelfHelpGroup

from ..models import Decision
from ..selectors.startups import group_contact_choices, municipality_choices_for_groups
from .base import YesNoColumn
from .policies import narrowed_to_counties


class GroupIndexView(IndexView):
    """Coordinators list only the groups in their counties."""

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "publish"]
        ).select_related("municipality")


def _groups_in_scope(user):
    # The same question the listing asks (policies.GroupPermissionPolicy).
    policy = policy_registry.get_by_type(SelfHelpGroup)
    return policy.instances_user_has_any_permission_for(user, ["change", "publish"])


class _ChooserInScope:
    """The chooser (a modal other admin forms open to pick a group) lists, returns and confirms
    only the groups the listing shows this person. Wagtail's own lists every group. Groups are
    created through the snippet's own form, never in the chooser."""

    def get_object_list(self):
        return _groups_in_scope(self.request.user)

    def get_object(self, pk):
        return _groups_in_scope(self.request.user).get(pk=pk)  # DoesNotExist: 404

    def get_objects(self, pks):
        return _groups_in_scope(self.request.user).filter(pk__in=pks)

    def can_create(self):
        return False


class GroupChooseView(_ChooserInScope, ChooseView):
    pass


class GroupChooseResultsView(_ChooserInScope, ChooseResultsView):
    pass


class GroupChosenView(_ChooserInScope, SnippetChosenView):
    pass


class GroupChosenMultipleView(_ChooserInScope, SnippetChosenMultipleView):
    pass


class GroupChooserCreateView(_ChooserInScope, SnippetCreateView):
    pass


class GroupChooserViewSet(SnippetChooserViewSet):
    choose_view_class = GroupChooseView
    choose_results_view_class = GroupChooseResultsView
    chosen_view_class = GroupChosenView
    chosen_multiple_view_class = GroupChosenMultipleView
    create_view_class = GroupChooserCreateView


class GroupDeleteBulkAction(DeleteBulkAction):
    """Bulk delete from the listing acts on, and names, only the groups the listing shows this
    person: Wagtail's named every other selected group as one "you have no permission to
    delete", and "select all" selected every group in Norway. Registered after Wagtail's for
    this model only (facilitators.wagtail_hooks)."""

    models = [SelfHelpGroup]

    def get_queryset(self, model, object_ids):
        return get_list_or_404(_groups_in_scope(self.request.user), pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        return _groups_in_scope(self.request.user).values_list("pk", flat=True)


def _scoped(view, permission_policy):
    """Every admin view of one group (edit, delete, history, revisions, workflow actions …)
    first checks that this group is in the person's scope; Wagtail's views check only the
    model permission."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            visible = permission_policy.instances_user_has_any_permission_for(request.user, ["change", "publish"])
            if not visible.filter(pk=unquote(str(pk))).exists():
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class GroupAdminForm(WagtailAdminModelForm):
    """A coordinator places groups only in their counties' municipalities. Everyone picks the
    contact person only among the people who belong with the group: its facilitators and its
    current contact (the choices are the validation too)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and narrowed_to_counties(user):
            self.fields["municipality"].queryset = municipality_choices_for_groups(user=user)
        if "contact" in self.fields:
            contact = self.fields["contact"]
            contact.queryset = group_contact_choices(group=self.instance, user=user)
            contact.error_messages["invalid_choice"] = (
                _("Choose one of the group's facilitators or its current contact person.")
                if self.instance.pk
                else _("Choose yourself or nobody: a new group's contact person is the person who creates it.")
            )


def decision_message(group, action_name: str) -> str:
    """What a coordinator's decision on a waiting group did, said in the success message."""
    words = {
        Decision.APPROVED: _("%(group)s is approved and published. Its facilitators have been told by e-mail."),
        Decision.RETURNED: _("%(group)s is sent back to its facilitators with your comment. They have been told by e-mail."),
        Decision.REJECTED: _("%(group)s is not approved and its start-up is stopped. Its facilitators have been told by e-mail."),
    }
    return words[action_name] % {"group": group.name} if action_name in words else ""


class GroupEditView(EditView):
    """The editor says what a decision did, not only that the group was "updated"."""

    def get_success_message(self, instance=None):
        if self.action == "workflow-action":
            message = decision_message(instance or self.object, self.workflow_action)
            if message:
                return message
        return super().get_success_message(instance)


class GroupWorkflowActionView(WorkflowActionView):
    """A decision taken outside the editor (the dashboard's "awaiting your review") says what it
    did as well; Wagtail's says nothing."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        decided = TaskState.objects.filter(pk=self.task_state.pk).exclude(status=TaskState.STATUS_IN_PROGRESS).exists()
        message = decision_message(self.object, self.action_name) if decided else ""
        if message:
            messages.success(request, message)
        return response


def decisions_first(menu_items, request, context) -> None:
    """In the group editor, when the group waits for this person's decision, "Approve and
    publish" is the main button and "Send back" the first choice beside it (construct_snippet_
    action_menu hook). Wagtail would keep "Save draft" as the main button and add "and Publish"
    to the approval's label."""
    if context.get("model") is not SelfHelpGroup:
        return
    decisions = [item for item in menu_items if isinstance(item, WorkflowMenuItem)]
    if not decisions:
        return
    group = context["instance"]
    labels = {(name, modal): label for name, label, modal in group.current_workflow_task.get_actions(group, request.user)}
    for position, item in enumerate(decisions):
        item.label = labels.get((item.name, item.launch_modal), item.label)  # "Approve and publish" says it
        item.order = -100 + position  # the task's own order (CountyApprovalTask.get_actions)
    menu_items.sort(key=lambda item: item.order)


class SelfHelpGroupViewSet(SnippetViewSet):
    model = SelfHelpGroup
    index_view_class = GroupIndexView
    edit_view_class = GroupEditView
    workflow_action_view_class = GroupWorkflowActionView
    chooser_viewset_class = GroupChooserViewSet

    def get_urlpatterns(self):
        policy = policy_registry.get_by_type(SelfHelpGroup)  # registered in wagtail_hooks
        return [
            URLPattern(pattern.pattern, _scoped(pattern.callback, policy), pattern.default_args, pattern.name)
            for pattern in super().get_urlpatterns()
        ]

    icon = "group"
    menu_label = _("Self-help groups")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "municipality", "status", YesNoColumn("live", label=_("Published"))]
    list_filter = ["status", "attendance", "live"]
    list_per_page = 50
    search_fields = ["name", "summary"]
    ordering = ["name"]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldPanel("themes"),
                    FieldPanel("status"),
                    FieldPanel("contact"),
                ],
                heading=_("About the group"),
            ),
            ObjectList(
                [
                    FieldPanel("attendance"),
                    FieldPanel("municipality"),
                    FieldPanel("place"),
                    MultiFieldPanel([FieldPanel("address"), FieldPanel("show_address")], heading=_("Address")),
                ],
                heading=_("Place"),
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("frequency"), FieldPanel("weekday"), FieldPanel("week_of_month")]),
                    FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                    FieldPanel("first_meeting"),
                    FieldPanel("frequency_note"),
                ],
                heading=_("Schedule"),
            ),
            ObjectList(
                [
                    FieldPanel("audience"),
                    FieldPanel("languages"),
                    FieldPanel("wheelchair_accessible"),
                    FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_members"), FieldPanel("open_places")]),
                ],
                heading=_("Who and how many"),
            ),
        ],
        base_form_class=GroupAdminForm,
    )
