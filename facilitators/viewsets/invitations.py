"""Coordinators invite a facilitator directly: name, e-mail, phone and the municipalities in
their own counties. The account is made (or reused) by facilitators.services.invitations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from ..forms.admin import FacilitatorInviteForm
from ..scope import scope_for
from ..services.invitations import facilitator_invite


class FacilitatorInviteView(WagtailAdminTemplateMixin, FormView):
    template_name = "facilitators/admin/invite.html"
    form_class = FacilitatorInviteForm
    page_title = _("Invite a facilitator")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not scope_for(request.user).is_staff_role:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = self.request.path
        context["submit_button_label"] = _("Send the invitation")
        context["submit_button_active_label"] = _("Sending…")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = facilitator_invite(
                invited_by=self.request.user,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                municipalities=list(data["municipalities"]),
            )
        except ValidationError as error:
            # The form offers only the inviter's municipalities; this is the service's own guard.
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(email)s is invited and has been sent an e-mail.") % {"email": user.email},
        )
        return redirect("facilitator_invite:invite")


class FacilitatorInviteViewSet(ViewSet):
    name = "facilitator_invite"
    url_prefix = "inviter-igangsetter"
    icon = "mail"
    menu_label = _("Invite a facilitator")
    menu_name = "facilitator_invite"

    @cached_property
    def menu_item_class(self):
        class InviteMenuItem(MenuItem):
            def is_shown(self, request):
                return scope_for(request.user).is_staff_role

        return InviteMenuItem

    @cached_property
    def menu_url(self):
        return reverse("facilitator_invite:invite")

    def get_urlpatterns(self):
        return [path("", FacilitatorInviteView.as_view(), name="invite")]
