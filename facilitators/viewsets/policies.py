"""Who may do what in the coordinators' screens: decided by facilitators.scope, so the admin
and "Min side" answer the same question the same way.

Groups keep Django's model permissions, narrowed for regional coordinators to the groups in
their counties; editors and moderators without a coordinator role keep plain model
permissions. Start-ups and the record are read-only: nobody adds, edits or deletes them in the
admin (start-ups move through services; the record is never changed)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy

from .. import roles
from ..scope import can_publish_group, group_edit_filter, scope_for


def narrowed_to_counties(user) -> bool:
    """Whether this person's group permissions are limited to their counties (a coordinator)."""
    scope = scope_for(user)
    return scope.is_coordinator and not scope.is_administrator and not user.is_superuser


class GroupPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if not narrowed_to_counties(user) or instance.pk is None:
            return True
        return can_publish_group(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if not narrowed_to_counties(user):
            return queryset
        return queryset.filter(group_edit_filter(scope_for(user)))


class _ReadOnlyRolePolicy(BasePermissionPolicy):
    allowed_roles: tuple[str, ...] = ()

    def _may_view(self, user) -> bool:
        raise NotImplementedError

    def user_has_permission(self, user, action):
        return action == "view" and self._may_view(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self._may_view(user)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__name__in=self.allowed_roles), is_active=True
        ).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        # The views fetch instances through the scoped selectors; another county's is a 404.
        return self.user_has_permission(user, action)


class StartUpPermissionPolicy(_ReadOnlyRolePolicy):
    """Coordinators (their counties, through the selectors) and administrators."""

    allowed_roles = roles.STAFF_ROLES

    def _may_view(self, user):
        return scope_for(user).is_staff_role


class AuditEntryPermissionPolicy(_ReadOnlyRolePolicy):
    """National administrators only."""

    allowed_roles = (roles.NATIONAL_ADMINISTRATOR,)

    def _may_view(self, user):
        return scope_for(user).is_administrator
