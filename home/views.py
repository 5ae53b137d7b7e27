"""The directory page's routes: search, county and municipality landing pages, group pages.

Every route asks the selectors; none builds a query. Every malformed parameter becomes a
message on a normal page, and every unknown path a 404.
"""

import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from directory.selectors import (
    county_by_slug,
    county_contact,
    municipalities_in_county,
    municipality_by_slugs,
    municipality_in_text,
    municipality_list,
    reference_version,
    themes_by_slug,
)
from facilitators.selectors.meetings import meetings_for_calendar
from groups.forms import ContactForm
from groups.ics import feed as build_feed
from groups.ics import group_calendar as build_calendar
from groups.models import Attendance
from groups.presenters import group_page_context
from groups.selectors import (
    STARTING_STATUSES,
    GroupQuery,
    group_alternatives,
    group_count,
    group_counts_by_municipality,
    group_facets,
    group_get_public,
    group_list_meeting_in,
    group_page,
    group_search,
    groups_version,
)
from groups.services import ContactUnavailable, RateLimited, contact_message_send
from research.selectors.public import study_for_group, study_for_search
from samhold.cache import versioned_key
from samhold.http import absolute_url, client_ip
from samhold.middleware import PERMISSIONS_POLICY
from samhold.routing import PAGES

from .forms import SHOW_ALL, DirectorySearchForm
from .presenters import (
    attach_group_meetings,
    attach_start_ups,
    card_key_part,
    interest_url,
    municipality_points_json,
    promoted_start_ups,
)

PAGE_SIZE = 20
MAX_PAGE_NUMBER = 100_000
# The directory's pages may ask the browser for the position ("Use my location"); no other may.
GEOLOCATION_ALLOWED_POLICY = PERMISSIONS_POLICY.replace("geolocation=()", "geolocation=(self)")


def _page_number(request, notices: list[str]) -> int:
    raw = request.GET.get("side", "1")
    try:
        number = int(raw)
        if number < 1:
            raise ValueError
        # Past any real last page; keeps the offset far from the database's integer limits.
        return min(number, MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        notices.append(_("The page number was not valid, so we are showing the first page."))
        return 1


def _results_page(queryset, total: int, number: int, notices: list[str]) -> Page:
    """A Django Page of the rows group_page finds and the total group_count gave."""
    paginator = Paginator(range(total), PAGE_SIZE)  # only counts: the rows come from group_page
    rows = group_page(queryset, number=number, per_page=PAGE_SIZE, total=total)
    if not rows and total:
        notices.append(_("There are not that many pages of results, so we are showing the last one."))
        number = paginator.num_pages
        rows = group_page(queryset, number=number, per_page=PAGE_SIZE, total=total)
    return Page(rows, number, paginator)


def _empty_result_html(page) -> str:
    """The editor's text for an empty result, rendered once per revision (its links cost queries),
    and again when any page changes: a page it links to may have moved."""
    if not page.empty_result_text:
        return ""
    key = versioned_key(PAGES, "directory:empty-result-text", page.pk, page.latest_revision_id, get_language())
    html = cache.get(key)
    if html is None:
        html = str(RichText(page.empty_result_text))
        cache.set(key, html, 60 * 60)
    return mark_safe(html)


def _regional_contact(query: GroupQuery) -> dict | None:
    """The county's own office for a search in that county, if staff entered one; otherwise the
    page keeps the national contact (samhold.site.coordinator_contact)."""
    county_id = query.municipality.county_id if query.municipality else (query.county.id if query.county else None)
    return county_contact(county_id)


def _query(form: DirectorySearchForm, *, county=None, municipality=None) -> GroupQuery:
    data = form.cleaned_data if form.is_bound else {}
    municipality = municipality or (form.municipality if form.is_bound else None)
    county = None if municipality else (county or (form.county if form.is_bound else None))
    text = data.get("q", "")
    if municipality:
        # "sorg i Levanger" on Levanger's page: the place is already the filter, and as text it
        # would hide the groups nearby.
        named, rest = municipality_in_text(text)
        if named and named.id == municipality.id:
            text = rest
    return GroupQuery(
        text=text,
        county=county,
        municipality=municipality,
        theme_ids=[t.id for t in themes_by_slug(data.get("tema", []))],
        weekday=data.get("dag"),
        time_of_day=data.get("tid", ""),
        attendance=data.get("oppmote", ""),
        audience=data.get("malgruppe", ""),
        only_taking_members=data.get("vis") != SHOW_ALL,
    )


def _form_notices(form: DirectorySearchForm) -> list[str]:
    notices = []
    if form.is_bound:
        for errors in form.errors.values():
            for error in errors:
                notices.append(str(error))
        for slug in form.unknown_themes:
            notices.append(_("We could not find a theme called “%(value)s”.") % {"value": slug[:50]})
        if form.truncated:
            notices.append(_("Your search was very long, so we used only the beginning of it."))
    return notices


def _attach_urls(page, request, groups) -> None:
    """Set each group's public URL and its rendered result card.

    Cards are cached under everything they show: the group (any change bumps the groups
    version), the reference data (theme names), the language, the distance, the URL and the
    information meeting (see home.presenters.attach_start_ups)."""
    base = page.get_url(request)
    groups = list(groups)
    prefix = f"directory:card:{groups_version()}:{reference_version()}:{get_language()}"
    keys = {}
    for group in groups:
        group.public_url = base + page.group_path(group)
        group.starting_soon = group.status in STARTING_STATUSES
        distance = getattr(group, "distance_km", None)
        keys[group.pk] = (
            f"{prefix}:{group.pk}:{'-' if distance is None else round(distance)}:{card_key_part(group)}:"
            f"{group.public_url}"
        )
    cached = cache.get_many(list(keys.values()))
    fresh = {}
    for group in groups:
        html = cached.get(keys[group.pk])
        if html is None:
            html = fresh[keys[group.pk]] = render_to_string("components/group_card.html", {"group": group})
        group.card_html = mark_safe(html)
    if fresh:
        cache.set_many(fresh, 60 * 60)


def search(page, request, *, county=None, municipality=None, extra_context=None):
    data = request.GET.copy()
    if municipality and "kommune" not in data:
        data["kommune"] = municipality.number
    if county and "fylke" not in data:
        data["fylke"] = county.number
    form = DirectorySearchForm(data if data else None)
    form.is_valid()
    if form.is_bound and not (municipality or county) and not (form.municipality or form.county):
        named, rest = municipality_in_text(form.cleaned_data.get("q", ""))
        if named:
            # "sorg levanger" from the home page: search near Levanger, as if chosen in the list.
            query_string = data.copy()
            query_string["kommune"] = named.number
            query_string["q"] = rest
            return HttpResponseRedirect(f"{page.get_url(request)}?{query_string.urlencode()}")
    notices = _form_notices(form)
    query = _query(form, county=county, municipality=municipality)

    results = _results_page(
        group_search(query, promoted=promoted_start_ups()), group_count(query), _page_number(request, notices), notices
    )
    paginator = results.paginator
    attach_start_ups(results)
    _attach_urls(page, request, results)

    facets = group_facets(query)
    form.theme_counts, form.county_counts = facets["themes"], facets["counties"]

    alternatives = None
    empty_result_html = ""
    regional_contact = None
    if paginator.count == 0:
        empty_result_html = _empty_result_html(page)
        alternatives = group_alternatives(query)
        attach_start_ups(alternatives["nearest"] + alternatives["online"])
        _attach_urls(page, request, alternatives["nearest"] + alternatives["online"])
        regional_contact = _regional_contact(query)

    context = {
        "form": form,
        "query": query,
        "results": results,
        "paginator": paginator,
        "notices": notices,
        "alternatives": alternatives,
        "empty_result_html": empty_result_html,
        **({"coordinator": regional_contact} if regional_contact else {}),
        "landing_county": county,
        "landing_municipality": municipality,
        "searched": form.is_bound,
        "interest_url": interest_url(query),
        "points_url": page.get_url(request) + page.reverse_subpage("municipality_points"),
        "ATTENDANCE_ONLINE": Attendance.ONLINE,
        "research_notice": study_for_search(
            theme_ids=query.theme_ids, municipality=query.municipality, county=query.county
        ),
    }
    context.update(extra_context or {})
    response = page.render(request, context_overrides=context, template="home/directory_page.html")
    # "Use my location" asks the browser for the position; the rest of the site never may.
    response["Permissions-Policy"] = GEOLOCATION_ALLOWED_POLICY
    return response


def municipality_points(page, request):
    """Every municipality's point and directory page as JSON, for "Use my location": the
    browser picks the nearest itself, so the position never leaves the device."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    response = HttpResponse(
        municipality_points_json(page.get_url(request)), content_type="application/json; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def county(page, request, *, county_slug: str):
    county = county_by_slug(county_slug)
    if county is None:
        raise Http404
    counts = group_counts_by_municipality(county, only_taking_members=request.GET.get("vis") != SHOW_ALL)
    municipalities = [
        {"municipality": m, "count": counts.get(m.id, 0), "url": f"{page.get_url(request)}{county.slug}/{m.slug}/"}
        for m in municipalities_in_county(county.id)
    ]
    return search(
        page,
        request,
        county=county,
        extra_context={
            "landing_title": _("Self-help groups in %(place)s") % {"place": county.name},
            "meta_description": _(
                "Find self-help groups in %(place)s: groups on your theme, in your municipality or online."
            )
            % {"place": county.name},
            "county_municipalities": municipalities,
        },
    )


def municipality(page, request, *, county_slug: str, municipality_slug: str):
    municipality = municipality_by_slugs(county_slug, municipality_slug)
    if municipality is None:
        raise Http404
    county = county_by_slug(county_slug)
    place = municipality.name
    if sum(1 for m in municipality_list() if m.name_plain == municipality.name_plain) > 1:
        # Two Herøys, two Vålers: say which one.
        place = f"{municipality.name} ({county.name_plain})"
    return search(
        page,
        request,
        municipality=municipality,
        extra_context={
            "landing_title": _("Self-help groups in %(place)s") % {"place": place},
            "meta_description": _(
                "Self-help groups in %(place)s and nearby, and groups that meet online."
            )
            % {"place": place},
            "landing_parent": {"name": county.name, "url": f"{page.get_url(request)}{county.slug}/"},
            "calendar": calendar_links(
                page.get_url(request)
                + page.reverse_subpage(
                    "municipality_calendar",
                    kwargs={"county_slug": county.slug, "municipality_slug": municipality.slug},
                )
            ),
        },
    )


def _public_group_or_404(page, request, group_slug: str, path_slugs=None):
    group = group_get_public(slug=group_slug)
    if group is None:
        raise Http404
    if group.municipality_id:
        expected = (group.municipality.county.slug, group.municipality.slug)
        if path_slugs != expected:
            return group, HttpResponsePermanentRedirect(page.group_url(group, request=request))
    elif path_slugs is not None:
        return group, HttpResponsePermanentRedirect(page.group_url(group, request=request))
    return group, None


def _json_ld(group, url: str, schedule_text: str) -> str:
    modes = {
        "in_person": "https://schema.org/OfflineEventAttendanceMode",
        "online": "https://schema.org/OnlineEventAttendanceMode",
        "hybrid": "https://schema.org/MixedEventAttendanceMode",
    }
    data = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "name": group.name,
        "description": group.summary,
        "url": url,
        "eventAttendanceMode": modes[group.attendance],
        "keywords": ", ".join(t.name for t in group.theme_list),
        "inLanguage": "nb",
    }
    if group.municipality_id:
        data["location"] = {
            "@type": "Place",
            "name": group.place or group.municipality.name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": group.municipality.name_plain,
                "addressRegion": group.municipality.county.name_plain,
                "addressCountry": "NO",
                **({"streetAddress": group.address} if group.show_address and group.address else {}),
            },
        }
    else:
        data["location"] = {"@type": "VirtualLocation", "name": _("Online")}
    if group.weekday is not None and group.start_time:
        days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        schedule = {
            "@type": "Schedule",
            "byDay": f"https://schema.org/{days[group.weekday]}",
            "startTime": group.start_time.strftime("%H:%M"),
            "scheduleTimezone": "Europe/Oslo",
            "repeatFrequency": {"weekly": "P1W", "biweekly": "P2W", "monthly": "P1M"}.get(group.frequency),
        }
        if group.end_time:
            schedule["endTime"] = group.end_time.strftime("%H:%M")
        data["eventSchedule"] = {k: v for k, v in schedule.items() if v}
    text = json.dumps(data, ensure_ascii=False)
    # Safe inside <script>: no tag or entity can be closed from the data.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def group(page, request, *, group_slug: str, path_slugs=None):
    group, redirect = _public_group_or_404(page, request, group_slug, path_slugs)
    if redirect:
        return redirect
    group_url = page.group_url(group, request=request)
    full_url = absolute_url(group_url)
    context = group_page_context(group)
    context["info_meetings"] = attach_group_meetings(group)
    status = 200
    form = ContactForm()
    contact_error = ""
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_robot():
            # Tell a robot it worked; send nothing.
            return HttpResponseRedirect(page.group_url(group, request=request, route="thanks"))
        if form.is_valid():
            try:
                contact_message_send(
                    group=group,
                    sender_name=form.cleaned_data["name"],
                    sender_email=form.cleaned_data["email"],
                    sender_phone=form.cleaned_data["phone"],
                    message=form.cleaned_data["message"],
                    ip_address=client_ip(request),
                )
            except RateLimited:
                status = 429
                contact_error = _(
                    "Many messages have been sent from here or to this group in a short time. "
                    "Your message is still in the form: please try again in an hour."
                )
            except ContactUnavailable:
                status = 409
                contact_error = _("This group cannot receive messages right now.")
            else:
                thanks = page.group_url(group, request=request, route="thanks")
                # The thanks page says how the answer comes; only that travels in the address.
                answer_by = "" if form.cleaned_data["email"] else f"?{THANKS_BY_PHONE}"
                return HttpResponseRedirect(thanks + answer_by)
        else:
            status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    context.update(
        {
            "contact_form": form,
            "contact_error": contact_error,
            "group_url": group_url,
            "canonical_url": full_url,
            "json_ld": _json_ld(group, full_url, context["schedule_text"]),
            "calendar": calendar_links(page.group_url(group, request=request, route="calendar")),
            "meta_description": group.summary,
            "og_title": group.name,
            "directory_url": page.get_url(request),
            "about_url": page.about_url(request),
            "research_notice": None if group.is_ended else study_for_group(group),
        }
    )
    _attach_urls(page, request, context["similar_groups"])
    response = page.render(request, context_overrides=context, template="groups/group_page.html")
    response.status_code = status
    return response


THANKS_BY_PHONE = "svar=telefon"


def group_thanks(page, request, *, group_slug: str):
    group = group_get_public(slug=group_slug)
    if group is None or group.is_ended:
        raise Http404
    by_phone = request.GET.get("svar") == "telefon"
    return page.render(
        request,
        context_overrides={"group": group, "group_url": page.group_url(group, request=request), "by_phone": by_phone},
        template="groups/contact_thanks.html",
    )


def calendar_links(url: str) -> dict:
    """A feed's address to subscribe to (webcal://, which calendar apps open) and to download."""
    full = absolute_url(url)
    return {"subscribe": "webcal://" + full.split("://", 1)[1], "download": url}


def _info_meetings(groups) -> list[tuple]:
    """The groups' information meetings for their feeds, each with its sign-up page."""
    return [
        (meeting, absolute_url(reverse("facilitators:meeting_signup", kwargs={"pk": meeting.pk})))
        for meeting in meetings_for_calendar(group_ids=[group.pk for group in groups])
    ]


def _calendar_response(request, body: bytes, *, filename: str) -> HttpResponse:
    """The feed with what a calendar app needs to fetch it again cheaply: an ETag made from its
    bytes (the same groups and meetings give the same bytes). No Last-Modified: the newest
    change among what is still in the feed can go back in time when a group leaves it, and a
    client asking "changed since?" would then keep the group that left."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    response["ETag"] = etag
    # A schedule change shows in a subscriber's calendar within the hour.
    patch_cache_control(response, public=True, max_age=3600)
    return response


def group_calendar(page, request, *, group_slug: str):
    """The group's feed: its meeting series and its information meetings. A paused or ended
    group's feed stays, with the series marked cancelled, so subscribers' calendars follow."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    group = group_get_public(slug=group_slug)
    if group is None:
        raise Http404
    url = absolute_url(page.group_url(group, request=request))
    meetings = _info_meetings([group])
    ical = build_calendar(group, url=url, info_meetings=meetings)
    if ical is None:
        raise Http404
    return _calendar_response(request, ical, filename=group.slug)


def municipality_calendar(page, request, *, county_slug: str, municipality_slug: str):
    """Every public group meeting in the municipality, and their information meetings, as one feed."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    municipality = municipality_by_slugs(county_slug, municipality_slug)
    if municipality is None:
        raise Http404
    groups = group_list_meeting_in(municipality)
    meetings = _info_meetings(groups)
    entries = [(group, absolute_url(page.group_url(group, request=request))) for group in groups]
    ical = build_feed(
        name=_("Self-help groups in %(place)s") % {"place": municipality.name_plain},
        groups=entries,
        info_meetings=meetings,
    )
    return _calendar_response(
        request, ical, filename=f"selvhjelpsgrupper-{municipality.slug}"
    )
