"""Development only: the current two-factor code of an account, for trying the admin locally
without an authenticator app. Refuses to run with DEBUG off."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-factor code for an account (development only, DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("Only in development (DEBUG on): in production, codes come from the person's app.")
        device = TOTPDevice.objects.filter(user__email__iexact=email.strip(), confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} has no authenticator app set up.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
