from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .models import SelfHelpGroup
from .permissions import GroupPermissionPolicy
from .viewsets import GroupDeleteBulkAction, SelfHelpGroupViewSet

# Before the snippet registers, so it does not make a fallback policy of its own.
register_permission_policy(SelfHelpGroup, GroupPermissionPolicy(SelfHelpGroup))
register_snippet(SelfHelpGroupViewSet)
# After Wagtail's snippet bulk delete (order 0): the registry keeps the last class per model and action.
hooks.register("register_bulk_action", GroupDeleteBulkAction, order=100)


@hooks.register("after_create_snippet")
def give_new_group_a_start_up(request, instance):
    # Every new group has a start-up, also one a coordinator creates in the admin.
    if isinstance(instance, SelfHelpGroup):
        from facilitators.services.startups import startup_ensure

        startup_ensure(group=instance, user=request.user)
