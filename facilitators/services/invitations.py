"""Coordinators invite facilitators directly, without an application."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Municipality
from outbox.services import email_compose
from samhold.http import absolute_url

from .. import roles
from ..models import User
from ..scope import scope_for, scope_forget
from .accounts import entry_url
from .records import Action, record


def _split_name(name: str) -> tuple[str, str]:
    first_name, _space, last_name = name.strip().rpartition(" ")
    if not first_name:
        first_name, last_name = last_name, ""
    return first_name[:150], last_name[:150]


def facilitator_invite(
    *,
    invited_by: User,
    name: str,
    email: str,
    municipalities: list[Municipality],
    phone: str = "",
) -> User:
    """Make someone a facilitator in the given municipalities and e-mail them.

    A new account gets no usable password: the e-mail carries a link to choose one. An existing
    account (matched by e-mail address) keeps its name, password and other areas; it gets the
    facilitator role and the municipalities added, and an e-mail with a link to log in (or to
    choose a password, if it never had one).

    Raises ValidationError if a municipality has ended or lies outside the inviter's counties
    (a coordinator assigns only in their own counties; an administrator anywhere)."""
    scope = scope_for(invited_by)
    if not scope.is_staff_role:
        raise ValidationError(_("Only coordinators and administrators can invite facilitators."))
    if not municipalities:
        raise ValidationError({"municipalities": _("Choose at least one municipality.")})
    for municipality in municipalities:
        if municipality.ended_on is not None:
            raise ValidationError(
                {"municipalities": _("%(name)s no longer exists.") % {"name": municipality.name_plain}}
            )
        if not scope.is_administrator and municipality.county_id not in scope.county_ids:
            raise ValidationError(
                {
                    "municipalities": _("%(name)s is not in a county you coordinate.")
                    % {"name": municipality.name_plain}
                }
            )
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        created = user is None
        if created:
            first_name, last_name = _split_name(name)
            user = User(email=email, first_name=first_name, last_name=last_name, phone=phone.strip())
            user.set_unusable_password()
            user.full_clean()
            user.save()
        elif phone.strip() and not user.phone:
            user.phone = phone.strip()
            user.save(update_fields=["phone"])
        user.groups.add(Group.objects.get(name=roles.FACILITATOR))
        user.facilitator_municipalities.add(*municipalities)
        scope_forget(user)

        needs_password = not user.has_usable_password()
        # The person's language is not known yet; Samhold writes in Norwegian first.
        email_compose(
            to=[user.email],
            language=settings.LANGUAGE_CODE,
            subject=gettext_lazy("You are invited to be a facilitator on Samhold"),
            template="facilitators/admin/email_facilitator_invited.txt",
            context=lambda: {
                "user": user,
                "invited_by": invited_by,
                "municipalities": sorted(m.name_plain for m in municipalities),
                "needs_password": needs_password,
                "url": entry_url(user),
                "home_url": absolute_url(reverse("facilitators:home")),
            },
            purpose="facilitator_invited",
        )
        record(
            actor=invited_by,
            action=Action.FACILITATOR_INVITED,
            obj=user,
            # The label names no one: the account's number is enough to find it.
            label=f"#{user.pk}",
            detail=("new account; " if created else "existing account; ")
            + ", ".join(sorted(m.name_plain for m in municipalities)),
        )
    return user
