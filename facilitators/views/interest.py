"""Interest registrations ("Meld interesse"): the public form, the person's own page by the link
in their e-mail, and on Min side the demand counts and the people interested in a group."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.selectors import municipality_in_text, theme_list, themes_by_slug
from directory.text import normalise_search_text
from samhold.forms import MAX_KEY
from samhold.http import client_ip, private_link_headers

from .. import consent
from ..forms.interest import InterestChangeForm, InterestMessageForm, InterestRegisterForm
from ..models.records import Action
from ..scope import may_see_counts, scope_for
from ..selectors.interest import (
    demand_filters,
    group_for_interest,
    interest_demand,
    interest_get_by_confirm_token,
    interest_get_by_manage_token,
    interest_messages_for_group,
    interest_people_for_group,
    municipality_ref,
)
from ..services.interest import (
    GroupNotApproved,
    MessageRateLimited,
    NotAllowed,
    RegistrationRateLimited,
    interest_change,
    interest_confirm,
    interest_delete,
    interest_manage_path,
    interest_message_send,
    interest_register,
    interest_renew,
)
from ..services.records import record
from .links import delete_confirm_page, delete_confirmed, link_gone


def _privacy_context() -> dict:
    return {
        "purpose": consent.INTEREST_PURPOSE,
        "who_sees": consent.INTEREST_WHO_SEES,
        "retention": consent.interest_retention(),
    }


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def _words(text: str) -> list[str]:
    return [word.strip(".,;:!?«»\"'()") for word in normalise_search_text(text).translate(_FOLD).split()]


def _themes_in_text(text: str) -> list:
    """Themes named in words typed into the directory's search ("sorg", "sorgen", "tap"): by
    a theme's name in either language, its address or its search words. A word matches a
    name it equals, or begins with when the name has four letters or more ("sorgen")."""
    words = [word for word in _words(text) if word]
    if not words:
        return []
    found = []
    for theme in theme_list():
        names = [theme.name, theme.name_en, theme.slug.replace("-", " "), *(theme.search_terms or "").split(",")]
        for name in filter(None, (" ".join(_words(name)) for name in names)):
            if " " in name:
                matched = f" {name} " in f" {' '.join(words)} "
            else:
                matched = any(word == name or (len(name) >= 4 and word.startswith(name)) for word in words)
            if matched:
                found.append(theme)
                break
    return found


def _initial(request) -> dict:
    """?tema=sorg&tema=angst&kommune=levanger (or 5037) from the directory or a group's page,
    and ?q= for the words typed into the directory's search: the themes and the place named in
    them are chosen too. Words that name no theme go into the message, so nothing asked for is
    lost."""
    initial = {"radius_km": 0}
    slugs = [slug[:80] for slug in request.GET.getlist("tema")[:20]]
    themes = themes_by_slug(slugs)
    text = request.GET.get("q", "")[:200].strip()
    place = municipality_ref(request.GET.get("kommune", ""))
    if text:
        named, text = municipality_in_text(text)
        place = place or named
        from_text = _themes_in_text(text)
        themes += [theme for theme in from_text if theme not in themes]
        if text and not from_text:
            initial["message"] = text
    if themes:
        initial["themes"] = [theme.pk for theme in themes]
    if place is not None:
        initial["municipality"] = place.id
    return initial


def register(request):
    """The public form. A robot is told it worked; too many from one address is 429 with
    everything typed still in the form."""
    status = 200
    form_error = ""
    if request.method == "POST":
        form = InterestRegisterForm(request.POST)
        if form.is_robot():
            return HttpResponseRedirect(reverse("facilitators:interest_registered"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                interest_register(
                    themes=data["themes"],
                    municipality=data["municipality"],
                    radius_km=data["radius_km"],
                    email=data["email"],
                    phone=data["phone"],
                    message=data["message"],
                    consent_text_version=consent.INTEREST_CONSENT_VERSION,
                    language=get_language() or "nb",
                    ip_address=client_ip(request),
                )
            except RegistrationRateLimited:
                status = 429
                form_error = _(
                    "Many registrations have been sent from here in a short time. What you wrote is still in the "
                    "form: please try again in an hour."
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                return HttpResponseRedirect(reverse("facilitators:interest_registered"))
        else:
            status = 400
    elif request.method in ("GET", "HEAD"):
        form = InterestRegisterForm(initial=_initial(request))
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {"form": form, "form_error": form_error, **_privacy_context()}
    return render(request, "facilitators/interest/register.html", context, status=status)


def registered(request):
    return render(request, "facilitators/interest/registered.html")


def confirm(request, token: str):
    """What was registered with this address, and two buttons: confirm it, or delete it. GET
    changes nothing, so a link scanner opening the e-mail confirms nothing; confirming spends
    the link and opens the person's own page by a new one."""
    registration = interest_get_by_confirm_token(token=token)
    if registration is None:
        return link_gone(request)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            interest_delete(registration=registration)
            return private_link_headers(HttpResponseRedirect(reverse("facilitators:interest_deleted")))
        interest_confirm(registration=registration)
        messages.success(request, _("Thank you – your registration is confirmed."))
        return private_link_headers(HttpResponseRedirect(interest_manage_path(registration)))
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {"registration": registration}
    return private_link_headers(render(request, "facilitators/interest/confirm.html", context))


def manage(request, token: str):
    """The person's own page: see, change, renew or delete, without an account."""
    registration = interest_get_by_manage_token(token=token)
    if registration is None:
        return link_gone(request)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "confirm":
        # Only a registration made before confirm links and manage links were separate.
        interest_confirm(registration=registration)
        messages.success(request, _("Thank you – your registration is confirmed."))
        return private_link_headers(HttpResponseRedirect(request.path))
    if request.method == "POST":
        form = InterestChangeForm(request.POST, registration=registration)
        if form.is_valid():
            data = form.cleaned_data
            try:
                interest_change(
                    registration=registration,
                    themes=data["themes"],
                    municipality=data["municipality"],
                    radius_km=data["radius_km"],
                    phone=data["phone"],
                    message=data["message"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("Your changes are saved."))
                return private_link_headers(HttpResponseRedirect(reverse("facilitators:interest_manage", kwargs={"token": token})))
        else:
            status = 400
    else:
        form = InterestChangeForm(
            registration=registration,
            initial={
                "themes": [theme.pk for theme in registration.themes.all()],
                "municipality": registration.municipality_id,
                "radius_km": registration.radius_km,
                "phone": registration.phone,
                "message": registration.message,
            }
        )
    context = {"registration": registration, "form": form, "token": token, **_privacy_context()}
    return private_link_headers(render(request, "facilitators/interest/manage.html", context, status=status))


@require_POST
def delete(request, token: str):
    registration = interest_get_by_manage_token(token=token)
    if registration is None:
        return link_gone(request)
    if not delete_confirmed(request):
        return delete_confirm_page(
            request,
            heading=_("Delete your registration"),
            text=_("We delete it at once, with the record of which groups we told you about."),
            button=_("Delete my registration"),
        )
    interest_delete(registration=registration)
    return private_link_headers(HttpResponseRedirect(reverse("facilitators:interest_deleted")))


def deleted(request):
    return render(request, "facilitators/interest/deleted.html")


@require_POST
def renew(request, token: str):
    registration = interest_get_by_manage_token(token=token)
    if registration is None:
        return link_gone(request)
    try:
        interest_renew(registration=registration)
    except ValidationError:
        messages.error(request, _("Confirm your registration first."))
    else:
        messages.success(request, _("Thank you. We keep your registration for 12 more months."))
    return private_link_headers(HttpResponseRedirect(reverse("facilitators:interest_manage", kwargs={"token": token})))


# Min side ---------------------------------------------------------------------------------

def _int_param(request, name: str) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if 0 < value <= MAX_KEY else None


@login_required
def demand(request):
    """Exact counts by municipality × theme in the reader's own area; elsewhere only ranges by
    county × theme (interest_demand)."""
    if not may_see_counts(request.user):
        raise PermissionDenied
    county_id = _int_param(request, "fylke")
    theme_id = _int_param(request, "tema")
    demand = interest_demand(user=request.user, county_id=county_id, theme_id=theme_id)
    context = {
        "own_rows": demand.own,
        "other_rows": demand.elsewhere,
        "whole_country": demand.whole_country,
        "county_id": county_id,
        "theme_id": theme_id,
        **demand_filters(),
    }
    return render(request, "facilitators/interest/demand.html", context)


def _group_page(request, group, *, form=None, form_error="", status=200):
    people = list(interest_people_for_group(user=request.user, group=group))
    for person in people:
        person.told = person.told_list[0] if person.told_list else None
    record(actor=request.user, action=Action.PEOPLE_VIEWED, obj=group, label=group.name, detail="interest")
    sent_messages = list(interest_messages_for_group(group=group)[:10])
    is_administrator = scope_for(request.user).is_administrator
    for sent in sent_messages:
        # A message went to the people its sender may see, who may live outside this reader's
        # area: its count would tell how many of them there are.
        sent.count_shown = is_administrator or sent.sender_id == request.user.pk
    context = {
        "group": group,
        "people": people,
        "form": form or InterestMessageForm(),
        "form_error": form_error,
        "can_write": group.live and group.status != "ended",
        "sent_messages": sent_messages,
        "per_group": settings.SAMHOLD_INTEREST_MESSAGES_PER_GROUP_PER_DAY,
    }
    return render(request, "facilitators/interest/group_interest.html", context, status=status)


@login_required
def group_interest(request, pk: int):
    """The people interested in one of the reader's groups (only those they may see), and who
    was told about the group when. Every view is recorded."""
    group = group_for_interest(user=request.user, pk=pk)
    if group is None:
        raise Http404
    return _group_page(request, group)


@login_required
@require_POST
def message_send(request, pk: int):
    group = group_for_interest(user=request.user, pk=pk)
    if group is None:
        raise Http404
    form = InterestMessageForm(request.POST)
    if not form.is_valid():
        return _group_page(request, group, form=form, status=400)
    try:
        count = interest_message_send(group=group, sender=request.user, message=form.cleaned_data["message"])
    except NotAllowed:
        raise Http404 from None
    except GroupNotApproved:
        error = _(
            "You can write to the interested people when the coordinator has approved and published the group. "
            "Your message is still in the form."
        )
        return _group_page(request, group, form=form, form_error=error, status=409)
    except MessageRateLimited:
        error = _(
            "Enough messages have been sent today, about this group or by you. Your message is still in the form: "
            "please send it tomorrow."
        )
        return _group_page(request, group, form=form, form_error=error, status=429)
    except ValidationError as error:
        form.add_error(None, error)
        return _group_page(request, group, form=form, status=400)
    messages.success(
        request,
        ngettext(
            "Your message is on its way to %(count)s person.",
            "Your message is on its way to %(count)s people.",
            count,
        )
        % {"count": count},
    )
    return HttpResponseRedirect(reverse("facilitators:group_interest", kwargs={"pk": group.pk}))
