"""Settings → Users, with the areas people work in: a coordinator's counties, a facilitator's
municipalities, and a phone number. Wired in through facilitators.wagtail_users (the
`user_viewset` of Wagtail's users app).

A national administrator manages accounts here, but only a superuser can make, edit,
deactivate, give a role to or delete a superuser: Wagtail itself would let anyone with the user
permissions tick "Administrator", and its bulk actions (but delete) would act on superusers.
(Deleting one at a time, Wagtail refuses already: wagtail.users.utils.user_can_delete_user.)

There is no copy view: Wagtail's saves the form onto the account it copies (the same row), with
the "Administrator" box enabled, which took over any account. A new person needs their own
e-mail address and password anyway."""

from django.core.exceptions import PermissionDenied
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, DeleteBulkAction, SetActiveStateBulkAction
from wagtail.users.views.users import CreateView, EditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from ..forms.admin import SamholdUserCreationForm, SamholdUserEditForm
from ..services.two_factor import second_factor_reset


def may_manage(current_user, user) -> bool:
    """Only a superuser touches a superuser."""
    return current_user.is_superuser or not user.is_superuser


def _without_superuser_field(request, form):
    # Disabled, the box keeps its current value whatever is posted.
    if not request.user.is_superuser and "is_superuser" in form.fields:
        form.fields["is_superuser"].disabled = True
    return form


class UserCreateView(CreateView):
    def get_form(self, form_class=None):
        return _without_superuser_field(self.request, super().get_form(form_class))


class UserEditView(EditView):
    def get_object(self, queryset=None):
        user = super().get_object(queryset)
        if not may_manage(self.request.user, user):
            raise PermissionDenied
        return user

    def get_form(self, form_class=None):
        return _without_superuser_field(self.request, super().get_form(form_class))

    def save_instance(self):
        instance = super().save_instance()
        if self.form.cleaned_data.get("reset_second_factor"):
            second_factor_reset(user=instance, actor=self.request.user)
        return instance


class UserViewSet(WagtailUserViewSet):
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    copy_view_enabled = False
    create_template_name = "facilitators/admin/user_create.html"
    edit_template_name = "facilitators/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return SamholdUserEditForm if for_update else SamholdUserCreationForm


class _SuperusersOutOfReach:
    """A superuser selected by someone else lands among the "items with no access"."""

    def check_perm(self, obj):
        return may_manage(self.request.user, obj) and super().check_perm(obj)


class UserSetActiveStateBulkAction(_SuperusersOutOfReach, SetActiveStateBulkAction):
    pass


class UserAssignRoleBulkAction(_SuperusersOutOfReach, AssignRoleBulkAction):
    pass


class UserDeleteBulkAction(_SuperusersOutOfReach, DeleteBulkAction):
    pass


# Registered after Wagtail's (facilitators.wagtail_hooks): the registry keeps the last class
# registered for each action type.
USER_BULK_ACTIONS = (UserSetActiveStateBulkAction, UserAssignRoleBulkAction, UserDeleteBulkAction)
