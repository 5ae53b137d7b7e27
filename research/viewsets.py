"""The national administrators' screens for research: researcher applications and studies.

Both are read-only lists and inspect views (facilitators.viewsets.base), with decisions as POST
actions that go through the services, so the person always gets their e-mail and the record its
entry. Only national administrators see the menu or reach any of it: the permission policy
hides the menu from everyone else (coordinators included), and every view fetches through a
selector that is empty for anyone but an administrator, so an id is a 404 for them."""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.permission_policies.base import BasePermissionPolicy

from facilitators import roles
from facilitators.scope import scope_for
from facilitators.viewsets.base import ReadOnlyViewSet, ScopedIndexView, ScopedInspectView, YesNoColumn

from .models import Method, ResearcherApplication, Study
from .pdf import letter_response
from .selectors.accounts import researcher_applications_for_admin
from .selectors.studies import (
    awaiting_decision_filter,
    studies_for_admin,
    study_awaiting_decision,
    study_reach,
    study_working_version,
)
from .services.accounts import (
    ApplicationAlreadyDecided,
    researcher_application_approve,
    researcher_application_decline,
)
from .services.studies import StudyAlreadyDecided, study_approve, study_decline, study_return


class AdministratorsOnlyPolicy(BasePermissionPolicy):
    """National administrators may view; nobody else anything. Nobody adds, edits or deletes
    here: decisions are the POST views below, which fetch through the selectors (empty for
    anyone but an administrator) and call the services (which check again)."""

    def _may(self, user) -> bool:
        return scope_for(user).is_administrator

    def user_has_permission(self, user, action):
        return action == "view" and self._may(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self._may(user)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=roles.NATIONAL_ADMINISTRATOR), is_active=True
        ).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


# Researcher applications ------------------------------------------------------------------

class ResearcherApplicationIndexView(ScopedIndexView):
    page_title = _("Researcher applications")
    default_ordering = "-created_at"
    selector = researcher_applications_for_admin


class ResearcherApplicationInspectView(ScopedInspectView):
    template_name = "research/admin/application_inspect.html"
    page_title = _("Researcher application")
    selector = researcher_applications_for_admin

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = self.object.status == ResearcherApplication.Status.PENDING
        context["approve_url"] = reverse("research_application:approve", args=[self.object.pk])
        context["decline_url"] = reverse("research_application:decline", args=[self.object.pk])
        return context


class ResearcherApplicationDecisionView(View):
    """POST only: approve or decline one application, then back to it."""

    http_method_names = ["post"]
    decide = None
    success_message = ""

    def post(self, request, pk):
        application = get_object_or_404(researcher_applications_for_admin(user=request.user), pk=pk)
        try:
            self.decide(application=application, decided_by=request.user)
        except ApplicationAlreadyDecided:
            messages.error(request, _("This application has already been decided."))
        else:
            messages.success(request, self.success_message % {"name": application.name})
        return redirect("research_application:inspect", pk)


class ResearcherApplicationApproveView(ResearcherApplicationDecisionView):
    decide = staticmethod(researcher_application_approve)
    success_message = _("%(name)s is approved as a researcher and has been sent a link to log in.")


class ResearcherApplicationDeclineView(ResearcherApplicationDecisionView):
    decide = staticmethod(researcher_application_decline)
    success_message = _("The application from %(name)s is declined and the applicant has been told.")


class ResearcherApplicationViewSet(ReadOnlyViewSet):
    model = ResearcherApplication
    name = "research_application"
    url_prefix = "forskersoknader"
    icon = "user"
    menu_label = _("Researcher applications")
    menu_name = "research_applications"
    add_to_admin_menu = False  # it sits in the "Research" group
    index_view_class = ResearcherApplicationIndexView
    inspect_view_class = ResearcherApplicationInspectView
    inspect_view_fields = [
        "name", "email", "institution", "position", "consent_text_version", "language", "created_at", "status",
        "decided_by", "decided_at",
    ]
    form_fields = ["status"]  # unused: the add and edit views are not routed
    list_display = ["name", "institution", "position", "status", DateColumn("created_at", label=_("Received"))]
    list_filter = ["status"]
    search_fields = ["name", "email", "institution"]
    list_per_page = 50

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", ResearcherApplicationApproveView.as_view(), name="approve"),
            path("decline/<int:pk>/", ResearcherApplicationDeclineView.as_view(), name="decline"),
        ]


# Studies ------------------------------------------------------------------------------------

class StudyFilterSet(WagtailFilterSet):
    waiting = django_filters.BooleanFilter(
        label=_("Waiting for a decision"), method="filter_waiting", widget=BooleanRadioSelect
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Study.Status.choices, empty_label=_("All"))

    class Meta:
        model = Study
        fields = []

    def filter_waiting(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(awaiting_decision_filter()) if value else queryset.exclude(awaiting_decision_filter())


def _is_waiting(study) -> bool:
    return study.status == Study.Status.SUBMITTED or (
        study.status == Study.Status.RECRUITING and study.working_status == "submitted"
    )


class StudyIndexView(ScopedIndexView):
    page_title = _("Studies")
    default_ordering = "-created_at"
    selector = studies_for_admin


class StudyInspectView(ScopedInspectView):
    """Everything an administrator needs to decide: every field, the version waiting (its
    consent text, criteria, screening questions and letter), the live one, and the counts."""

    template_name = "research/admin/study_inspect.html"
    page_title = _("Study")
    selector = studies_for_admin

    def get_page_subtitle(self):
        return self.object.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        study = self.object
        working = study_working_version(study)
        live = study.live_version
        labels = dict(Method.choices)
        context.update(
            study=study,
            working=working,
            live=live,
            pending=working if working is not None and (live is None or working.pk != live.pk) else None,
            versions=list(study.versions.select_related("approved_by").order_by("-number")),
            methods=[labels.get(value, value) for value in study.methods],
            reach=study_reach(study),
            awaiting=study_awaiting_decision(study, working),
            may_decline=study.live_version_id is None,
            approve_url=reverse("research_study:approve", args=[study.pk]),
            return_url=reverse("research_study:return", args=[study.pk]),
            decline_url=reverse("research_study:decline", args=[study.pk]),
        )
        return context


class StudyDecisionView(View):
    """POST only: approve, return or decline what a study sent, then back to it."""

    http_method_names = ["post"]

    def decide(self, request, study):
        raise NotImplementedError

    def post(self, request, pk):
        study = get_object_or_404(studies_for_admin(user=request.user), pk=pk)
        try:
            message = self.decide(request, study)
        except StudyAlreadyDecided:
            messages.error(request, _("Nothing in this study is waiting for this decision."))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect("research_study:inspect", pk)


class StudyApproveView(StudyDecisionView):
    def decide(self, request, study):
        study_approve(study=study, decided_by=request.user)
        return _("The study is approved and the researcher has been told.")


class StudyReturnView(StudyDecisionView):
    def decide(self, request, study):
        study_return(study=study, decided_by=request.user, comment=(request.POST.get("comment") or "")[:2000])
        return _("The study is returned with your comment, and the researcher has been told.")


class StudyDeclineView(StudyDecisionView):
    def decide(self, request, study):
        study_decline(study=study, decided_by=request.user, comment=(request.POST.get("comment") or "")[:2000])
        return _("The study is declined and the researcher has been told.")


class StudyLetterView(View):
    """An information letter of any version, for the administrators who approve it."""

    http_method_names = ["get"]

    def get(self, request, pk, number):
        study = get_object_or_404(studies_for_admin(user=request.user), pk=pk)
        version = study.versions.filter(number=number).exclude(information_letter="").first()
        if version is None:
            raise Http404
        return letter_response(version, filename=f"informasjonsskriv-{study.slug}-v{version.number}.pdf")


class StudyViewSet(ReadOnlyViewSet):
    model = Study
    name = "research_study"
    url_prefix = "studier"
    icon = "doc-full"
    menu_label = _("Studies")
    menu_name = "research_studies"
    add_to_admin_menu = False  # it sits in the "Research" group
    index_view_class = StudyIndexView
    inspect_view_class = StudyInspectView
    filterset_class = StudyFilterSet
    form_fields = ["status"]  # unused: the add and edit views are not routed
    list_display = [
        "title",
        Column("researcher", label=_("Researcher"), accessor="researcher"),
        "institution",
        "status",
        YesNoColumn("waiting", label=_("Waiting for a decision"), accessor=_is_waiting),
        DateColumn("recruit_until", label=_("Recruitment ends")),
    ]
    search_fields = ["title", "institution", "project_leader"]
    list_per_page = 50

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", StudyApproveView.as_view(), name="approve"),
            path("return/<int:pk>/", StudyReturnView.as_view(), name="return"),
            path("decline/<int:pk>/", StudyDeclineView.as_view(), name="decline"),
            path("letter/<int:pk>/<int:number>/", StudyLetterView.as_view(), name="letter"),
        ]


class ResearchViewSetGroup(ViewSetGroup):
    menu_label = _("Research")
    menu_icon = "doc-full"
    menu_name = "research"
    menu_order = 230
    items = (
        StudyViewSet(menu_order=1),
        ResearcherApplicationViewSet(menu_order=2),
    )
