"""The record: who did what, when, to which object. Never the personal data itself."""

from django.db import transaction
from django.utils import timezone

from samhold.retention import kept_for

from ..models import AuditEntry
from ..models.records import Action  # noqa: F401 - callers take the actions from here


def record(*, actor, action: str, obj=None, label: str = "", detail: str = "") -> AuditEntry:
    """Add one entry to the record. `obj` gives the type and id; `label` must not name a
    private person (a group's name is fine, a volunteer's is not)."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=(label or (str(obj) if obj is not None else ""))[:200],
        detail=detail[:300],
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
    return entry


def audit_entries_purge() -> int:
    """Delete entries SAMHOLD_RETENTION["audit_entry"] days after what they record happened.
    Returns how many were deleted."""
    cutoff = timezone.now() - kept_for("audit_entry")
    deleted, _count = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted
