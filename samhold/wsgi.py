import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhold.settings.dev")
application = get_wsgi_application()

# Requests whose Content-Type names a charset the site cannot read become a calm 400, not a 500
# (samhold.errors). Imported only now: Django is set up.
from samhold.errors import ReadableRequest  # noqa: E402

application.request_class = ReadableRequest
