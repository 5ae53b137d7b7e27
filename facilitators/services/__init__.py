"""Writes for facilitators' work, one module per subject; account services are re-exported
here because the rest of the project has always imported them from facilitators.services."""

from .accounts import (  # noqa: F401
    ApplicationAlreadyDecided,
    ApplicationRateLimited,
    facilitator_application_approve,
    facilitator_application_decline,
    facilitator_applications_pending_purge,
    facilitator_applications_purge,
    facilitator_apply,
    login_attempts_purge,
    login_failure_record,
    login_failures_clear,
    sessions_purge,
    set_password_url,
)
