"""Wagtail's site-wide reports (Reports → Site history, Workflows, Workflow tasks, Locked pages,
Aging pages, Page types usage) are for national administrators only.

Wagtail narrows these reports by content type, not by object: anyone with any permission on
the group snippet reads the log entries and workflow states of every group in Norway, other
counties' drafts and who did what with them included. A coordinator reads the history of
their own groups on each group's History view, which viewsets.groups scopes to their counties.

Wagtail has no setting for this, so the report views are wrapped where their URLs are defined
(wagtail.admin.urls.reports), the way Wagtail itself wraps every admin view in
require_admin_access: the pages, their results and their spreadsheet exports alike, and any
report Wagtail adds there later."""

import functools

from django.core.exceptions import PermissionDenied
from wagtail.utils.urlpatterns import decorate_urlpatterns

from ..scope import scope_for


def may_read_reports(user) -> bool:
    return scope_for(user).is_administrator


def administrators_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        # Inside Wagtail's require_admin_access: anonymous people and people without the admin
        # are sent away before this, and PermissionDenied becomes Wagtail's own refusal.
        if not may_read_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.samhold_administrators_only = True
    return wrapped


def reports_for_administrators_only() -> None:
    """Wrap every view under /admin/reports/. Idempotent; call while the admin URLs are built."""
    # Here, not at the top: importing wagtail.admin.urls runs the admin's hooks, and this module
    # is loaded by one of them.
    from wagtail.admin.urls import reports

    unguarded = [
        pattern for pattern in reports.urlpatterns
        if not getattr(getattr(pattern, "callback", None), "samhold_administrators_only", False)
    ]
    decorate_urlpatterns(unguarded, administrators_only)


def hide_reports_menu(request, menu_items) -> None:
    """No Reports menu items (and so no Reports menu) for anyone but administrators."""
    if not may_read_reports(request.user):
        menu_items[:] = []
