"""Development only: the demo accounts seed_demo made, with their passwords, in one block.

`make run` prints it once its server answers (`--wait-for HOST:PORT`), so it stands below the
server's start-up lines instead of scrolling away with setup's output. Refuses to run with
DEBUG off: outside development there are no demo passwords to show."""

import socket
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from facilitators.models import User
from home import demo


def _wait_for(address: str, timeout: float) -> bool:
    """Whether something listens on HOST:PORT within `timeout` seconds."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                return True
        except OSError:
            time.sleep(0.25)
    return False


class Command(BaseCommand):
    help = "List the demo accounts and their passwords (development only, DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait-for",
            metavar="HOST:PORT",
            default="",
            help="Wait until the development server answers there, then print (and name its address).",
        )
        parser.add_argument("--timeout", type=float, default=60, help="Seconds to wait (default %(default)s).")

    def handle(self, *args, wait_for: str, timeout: float, **options):
        if not settings.DEBUG:
            raise CommandError("Only in development (DEBUG on): demo accounts have no place elsewhere.")
        # Checking the passwords takes a moment (they are hashed slowly on purpose): do it while
        # the server starts.
        block = self.block(server=wait_for)
        if wait_for:
            if not _wait_for(wait_for, timeout):
                raise CommandError(f"No server answered on {wait_for} within {timeout:g} seconds.")
            time.sleep(0.5)  # let the server and the worker finish writing their start-up lines
        self.stdout.write(block)

    def block(self, *, server: str) -> str:
        users = {user.email: user for user in User.objects.filter(email__in=[a.email for a in demo.DEMO_ACCOUNTS])}
        two_factor = set(
            TOTPDevice.objects.filter(user__in=users.values(), confirmed=True).values_list("user__email", flat=True)
        )
        site = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        address = f"http://{server}" if server else site
        lines = [
            f"Samhold is running on {address}/" if server else f"Samhold on {address}/",
            f"  the admin: {address}/admin/    Min side: {address}/min-side/",
            "",
        ]
        if not users:
            lines.append("There are no demo accounts: run manage.py seed_demo (make run does).")
        else:
            lines.append("Demo accounts (log in with the e-mail address and the password):")
            width = max(len(email) for email in users)
            for account in demo.DEMO_ACCOUNTS:
                user = users.get(account.email)
                if user is None:
                    continue
                password = demo.demo_password(account.email)
                if not user.check_password(password):
                    password = f"(not the demo password; to set one: manage.py changepassword {account.email})"
                mark = "*" if account.email in two_factor else " "
                lines.append(f"  {account.email:<{width}}  {password:<23} {mark}  {account.entry:<8}  {account.does}")
            if two_factor:
                lines += [
                    "",
                    "* also asks for a code from an authenticator app; in development print it with",
                    "  .venv/bin/python manage.py totp_code EMAIL",
                ]
        mail_to = getattr(settings, "EMAIL_FILE_PATH", None)
        lines.append("")
        if mail_to:
            mail_to = Path(mail_to)
            if mail_to.is_relative_to(settings.BASE_DIR):
                mail_to = mail_to.relative_to(settings.BASE_DIR)
            lines.append(f"E-mail is written to {mail_to}/; its links lead to {site}/")
        else:
            lines.append(f"Links in e-mail lead to {site}/")
        if server:
            lines.append("Stop with Ctrl+C.")
        rule = "=" * max(len(line) for line in lines)
        return "\n".join([rule, *lines, rule])
