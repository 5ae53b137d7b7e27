from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)


def development_site_url(*, site_url: str, host: str, port: str) -> str:
    """The address links in e-mail lead to in development: SITE_URL when it is set, else the
    server `make run` starts (it exports HOST and PORT to the server and the task worker alike,
    so `make run PORT=8010` mails links to port 8010). A server listening on every interface
    is reached on this machine as localhost."""
    if site_url.strip():
        return site_url.strip()
    host = host.strip() or "127.0.0.1"
    if host in ("0.0.0.0", "::", "[::]"):
        host = "localhost"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    port = port.strip() or "8000"
    return f"http://{host}:{port}"


WAGTAILADMIN_BASE_URL = development_site_url(
    site_url=env.str("SITE_URL", default=""), host=env.str("HOST", default=""), port=env.str("PORT", default="")
)
