"""Who may do what with groups in the admin: Django's model permissions, narrowed for
regional coordinators to the groups in their counties.

The narrowing is the permission matrix in facilitators/scope.py (the admin is one of the
faces over the domain, so it may ask the facilitators app); editors and moderators without a
coordinator role keep plain model permissions."""

from wagtail.permission_policies import ModelPermissionPolicy


def narrowed_to_counties(user) -> bool:
    """Whether this person's group permissions are limited to their counties (a coordinator)."""
    from facilitators.scope import scope_for

    scope = scope_for(user)
    return scope.is_coordinator and not scope.is_administrator and not user.is_superuser


class GroupPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if not narrowed_to_counties(user) or instance.pk is None:
            return True
        from facilitators.scope import can_publish_group

        return can_publish_group(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if not narrowed_to_counties(user):
            return queryset
        from facilitators.scope import group_edit_filter, scope_for

        return queryset.filter(group_edit_filter(scope_for(user)))
