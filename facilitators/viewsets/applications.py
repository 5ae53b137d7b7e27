"""Staff screens for facilitator applications: a list, a read-only view, approve and decline.

Applications are never edited or created in the admin; a decision goes through the services
so the applicant always gets their e-mail (and, when approved, their account)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import FacilitatorApplication
from ..selectors.accounts import application_list_for_admin
from ..services.accounts import (
    ApplicationAlreadyDecided,
    facilitator_application_approve,
    facilitator_application_decline,
)

CHANGE_PERMISSION = "facilitators.change_facilitatorapplication"


class ApplicationIndexView(IndexView):
    def get_base_queryset(self):
        return application_list_for_admin(user=self.request.user)


class ApplicationsWaitingPanel(Component):
    """On the admin's dashboard: how many applications wait for this person, and the way to them
    (construct_homepage_panels). Shown only when some do."""

    name = "facilitator_applications_waiting"
    order = 50
    template_name = "facilitators/admin/applications_waiting_panel.html"

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context=None):
        url = reverse("facilitator_application:index") + "?status=" + FacilitatorApplication.Status.PENDING
        return {"count": self.count, "url": url}


def applications_waiting_panel(request, panels) -> None:
    count = application_list_for_admin(user=request.user).filter(status=FacilitatorApplication.Status.PENDING).count()
    if count:
        panels.append(ApplicationsWaitingPanel(count))


class ApplicationInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(application_list_for_admin(user=self.request.user), pk=self.pk)

    def get_field_display_value(self, field_name, field):
        # An undecided application has no decider, time or note yet: nothing, not "None".
        value = super().get_field_display_value(field_name, field)
        if value is None:
            return ""
        # Wagtail's template formats values with |localize, which does not move a time into the
        # local zone: without this a decision at 18.00 in Oslo showed as 17.00.
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value)
        return value

    def get_edit_url(self):
        return None  # decisions are made with the buttons below, not by editing

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = self.object.status == FacilitatorApplication.Status.PENDING
        context["can_decide"] = pending and self.request.user.has_perm(CHANGE_PERMISSION)
        context["approve_url"] = reverse("facilitator_application:approve", args=[self.object.pk])
        context["decline_url"] = reverse("facilitator_application:decline", args=[self.object.pk])
        return context


class ApplicationDecisionView(View):
    """POST only: approve or decline one application, then back to it."""

    http_method_names = ["post"]
    decide = None
    success_message = ""

    def post(self, request, pk):
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        application = get_object_or_404(application_list_for_admin(user=request.user), pk=pk)
        note = (request.POST.get("note") or "").strip()[:2000]
        try:
            self.decide(application=application, decided_by=request.user, note=note)
        except ApplicationAlreadyDecided:
            messages.error(request, _("This application has already been decided."))
        else:
            messages.success(request, self.success_message % {"name": application.name})
        return redirect("facilitator_application:inspect", pk)


class ApplicationApproveView(ApplicationDecisionView):
    decide = staticmethod(facilitator_application_approve)
    success_message = _("%(name)s is approved and has been sent a link to choose a password.")


class ApplicationDeclineView(ApplicationDecisionView):
    decide = staticmethod(facilitator_application_decline)
    success_message = _("The application from %(name)s is declined and the applicant has been told.")


class FacilitatorApplicationViewSet(ModelViewSet):
    model = FacilitatorApplication
    name = "facilitator_application"
    icon = "user"
    menu_label = _("Facilitator applications")
    menu_order = 220
    add_to_admin_menu = True
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    inspect_view_enabled = True
    inspect_template_name = "facilitators/admin/application_inspect.html"
    inspect_view_fields = [
        "name",
        "email",
        "phone",
        "municipality",
        "organisation",
        "background",
        "consent_text_version",
        "created_at",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    copy_view_enabled = False
    form_fields = ["decision_note"]  # unused: the add and edit views are not routed
    list_display = [
        "name",
        "municipality",
        Column("county", label=_("County"), accessor="municipality.county"),
        "status",
        DateColumn("created_at", label=_("Received")),
    ]
    list_filter = ["status", "municipality__county"]
    search_fields = ["name", "email", "organisation"]
    ordering = ["-created_at"]
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        # Rows open the read-only view; nobody adds applications in the admin.
        return super().get_common_view_kwargs(
            **{"edit_url_name": self.get_url_name("inspect"), "add_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        hidden = {"add", "edit", "copy"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in hidden] + [
            path("approve/<int:pk>/", ApplicationApproveView.as_view(), name="approve"),
            path("decline/<int:pk>/", ApplicationDeclineView.as_view(), name="decline"),
        ]
