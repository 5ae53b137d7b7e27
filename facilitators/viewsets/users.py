"""Settings → Users, with the areas people work in: a coordinator's counties, a facilitator's
municipalities, and a phone number. Wired in through facilitators.wagtail_users (the
`user_viewset` of Wagtail's users app).

A national administrator manages accounts here, but only a superuser can make or edit a
superuser: Wagtail itself would let anyone with the user permissions tick "Administrator"."""

from django.core.exceptions import PermissionDenied
from wagtail.users.views.users import CreateView, EditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from ..forms.admin import SamholdUserCreationForm, SamholdUserEditForm
from ..services.two_factor import second_factor_reset


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
        if user.is_superuser and not self.request.user.is_superuser:
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
    create_template_name = "facilitators/admin/user_create.html"
    edit_template_name = "facilitators/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return SamholdUserEditForm if for_update else SamholdUserCreationForm
