from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from groups.models import SelfHelpGroup

from .models import AuditEntry, InterestMessage, StartUp
from .services.startups import startup_ensure
from .viewsets.applications import FacilitatorApplicationViewSet, applications_waiting_panel
from .viewsets.groups import GroupDeleteBulkAction, SelfHelpGroupViewSet, decisions_first
from .viewsets.help_menu import hide_wagtail_guides
from .viewsets.invitations import FacilitatorInviteViewSet
from .viewsets.messages import InterestMessageViewSet
from .viewsets.policies import AuditEntryPermissionPolicy, GroupPermissionPolicy, StartUpPermissionPolicy
from .viewsets.records import AuditEntryViewSet
from .viewsets.reports import hide_reports_menu, reports_for_administrators_only
from .viewsets.startups import StartUpViewSet
from .viewsets.users import USER_BULK_ACTIONS

# Before the snippet registers, so it does not make a fallback policy of its own.
register_permission_policy(SelfHelpGroup, GroupPermissionPolicy(SelfHelpGroup))
register_snippet(SelfHelpGroupViewSet)
# After Wagtail's snippet bulk delete (order 0): the registry keeps the last class per model and action.
hooks.register("register_bulk_action", GroupDeleteBulkAction, order=100)
hooks.register("construct_snippet_action_menu", decisions_first)
hooks.register("construct_homepage_panels", applications_waiting_panel)
hooks.register("construct_help_menu", hide_wagtail_guides)


@hooks.register("after_create_snippet")
def give_new_group_a_start_up(request, instance):
    # Every new group has a start-up, also one a coordinator creates in the admin.
    if isinstance(instance, SelfHelpGroup):
        startup_ensure(group=instance, user=request.user)


register_permission_policy(StartUp, StartUpPermissionPolicy(StartUp), exact_class=True)
# The same readers as start-ups: coordinators (their counties, through the selector) and administrators.
register_permission_policy(InterestMessage, StartUpPermissionPolicy(InterestMessage), exact_class=True)
register_permission_policy(AuditEntry, AuditEntryPermissionPolicy(AuditEntry), exact_class=True)


class FacilitatorsViewSetGroup(ViewSetGroup):
    menu_label = _("Facilitators")
    menu_icon = "group"
    menu_name = "facilitators"
    menu_order = 220
    items = (
        StartUpViewSet(menu_order=1),
        FacilitatorApplicationViewSet(add_to_admin_menu=False, menu_order=2),
        FacilitatorInviteViewSet(menu_order=3),
        InterestMessageViewSet(menu_order=4),
    )


@hooks.register("register_admin_viewset")
def register_facilitator_viewsets():
    return FacilitatorsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_record_viewset():
    return AuditEntryViewSet()


@hooks.register("register_admin_urls")
def guard_site_wide_reports():
    # Runs while wagtail.admin.urls is built, before Wagtail wraps its views in
    # require_admin_access; adds no URLs of its own.
    reports_for_administrators_only()
    return []


hooks.register("construct_reports_menu", hide_reports_menu)

# Wagtail's users app registers its user bulk actions with order 0, after this module (the app
# comes later in INSTALLED_APPS); a higher order runs ours later, so they replace Wagtail's.
for bulk_action in USER_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=100)
