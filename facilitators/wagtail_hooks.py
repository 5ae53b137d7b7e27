from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from .models import AuditEntry, InterestMessage, StartUp
from .viewsets.applications import FacilitatorApplicationViewSet
from .viewsets.invitations import FacilitatorInviteViewSet
from .viewsets.messages import InterestMessageViewSet
from .viewsets.policies import AuditEntryPermissionPolicy, StartUpPermissionPolicy
from .viewsets.records import AuditEntryViewSet
from .viewsets.reports import hide_reports_menu, reports_for_administrators_only
from .viewsets.users import USER_BULK_ACTIONS
from .viewsets.startups import StartUpViewSet

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
