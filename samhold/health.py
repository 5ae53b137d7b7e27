"""When the database cannot be reached: `/healthz` for load balancers and monitoring, and the
calm page every visitor gets meanwhile instead of an error.

Nothing here needs the database to answer, nor the templates, the cache or a session: the page
is plain HTML kept in this module. Django opens a new database connection for the next request
(and drops one that broke), so the site recovers by itself once the database is back.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.db.models import Count, Min
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# What a database that is down, restarting or unreachable raises (a query error is a bug, not
# an outage, and stays a 500).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
REPLICA_ROUTER = "samhold.db_router.ReplicaRouter"
# Seconds a visitor (and a crawler) is asked to wait before trying again.
RETRY_AFTER = 60

UNAVAILABLE_PAGE = """<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Samhold er straks tilbake</title>
</head>
<body>
<main>
<h1>Samhold er straks tilbake</h1>
<p>Vi får ikke hentet gruppene akkurat nå. Det er ikke din feil, og det pleier å gå over av seg
selv i løpet av noen minutter. Prøv igjen litt senere.</p>
<p>Har du sendt noe til oss tidligere, er det tatt vare på.</p>
<div lang="en">
<h2>Samhold will be back shortly</h2>
<p>We cannot fetch the groups right now. It is not your fault, and it usually passes by itself
within a few minutes. Please try again a little later.</p>
<p>Anything you sent us earlier is safe.</p>
</div>
</main>
</body>
</html>
"""


def unavailable_response() -> HttpResponse:
    response = HttpResponse(UNAVAILABLE_PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    # Neither a browser nor a proxy may keep the outage past it.
    response["Cache-Control"] = "no-store"
    return response


def _log_outage(request, error: BaseException) -> None:
    logger.warning("Database unavailable, answered %s with 503: %s", request.path, error)


class DatabaseUnavailableMiddleware:
    """Any view (Wagtail's page routing and site lookup included) that finds the database down
    answers with the calm 503 page. What breaks before the view (a session or a user loaded by
    another middleware) is turned into the same page by `server_error`, Django's last resort."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            _log_outage(request, exception)
            return unavailable_response()
        return None


def server_error(request, *args, **kwargs):
    """handler500: the calm 503 page when the error is the database being unreachable, else
    Django's own 500 page (templates/500.html)."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        _log_outage(request, error)
        return unavailable_response()
    return django_server_error(request, *args, **kwargs)


@never_cache
def healthz(request):
    """200 with the state of the database and the task queue, 503 when the database cannot be
    asked. Only counts and ages: no personal data, no session, no cookie."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        waiting = DBTaskResult.objects.ready().aggregate(depth=Count("pk"), oldest=Min("enqueued_at"))
    except DatabaseError as error:
        logger.warning("Health check: the database cannot be reached: %s", error)
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    oldest = waiting["oldest"]
    age = max(0, round((timezone.now() - oldest).total_seconds())) if oldest else 0
    state = {
        "status": "ok",
        "database": "ok",
        "tasks": {"waiting": waiting["depth"], "oldest_waiting_seconds": age},
    }
    if REPLICA_ROUTER in settings.DATABASE_ROUTERS:
        # Visitors' pages are read from the replica (samhold.db_router): without it they fail.
        try:
            with connections["replica"].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            state["replica"] = "ok"
        except DatabaseError as error:
            logger.warning("Health check: the read replica cannot be reached: %s", error)
            return JsonResponse({**state, "status": "unavailable", "replica": "unreachable"}, status=503)
    return JsonResponse(state)
