"""Demo content: the page tree, fictional contact persons, about 300 groups, demo accounts in each role,
start-ups at every stage with information meetings, sign-ups, interest registrations and facilitator
applications (home.demo_activity), and two demo studies (one recruiting, one draft) by the demo researcher.

Idempotent: a second run creates nothing. `--groups N` adds N benchmark groups in bulk on every run.
"""

import time

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.models import County, Municipality, Theme
from facilitators.models import User
from facilitators.selectors.two_factor import second_factor_required, totp_key_text
from home import demo
from home.demo_activity import demo_activity_ensure
from home.demo_research import demo_studies_ensure
from home.services import site_pages_ensure


class Command(BaseCommand):
    help = "Create the demo site: pages in Bokmål and English, demo groups and an editor account."

    def add_arguments(self, parser):
        parser.add_argument(
            "--groups", type=int, default=0, metavar="N", help="Also create N benchmark groups, in bulk."
        )
        parser.add_argument(
            "--demo-groups",
            type=int,
            default=demo.DEFAULT_DEMO_COUNT,
            metavar="N",
            help="How many demo groups to create (default %(default)s; tests use fewer).",
        )
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="Random seed (default %(default)s).")

    def handle(self, *args, **options):
        if options["groups"] < 0 or options["demo_groups"] < 0:
            raise CommandError("The number of groups cannot be negative.")
        if not Municipality.objects.active().exists() or not Theme.objects.exists():
            raise CommandError(
                "No municipalities or themes in the database: run load_geography and load_themes first."
            )

        site_pages_ensure()
        self.stdout.write("Pages: home, directory and content pages in Bokmål and English are in place.")
        for account in demo.DEMO_ACCOUNTS:
            self._account_ensure(account)

        contacts = demo.demo_contacts_ensure(seed=options["seed"])
        try:
            created = demo.demo_groups_ensure(
                count=options["demo_groups"], seed=options["seed"], contacts_by_county=contacts
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if created:
            self.stdout.write(f"Demo groups: {len(created)} created.")
        else:
            self.stdout.write("Demo groups: already in place, nothing created.")

        activity = demo_activity_ensure(seed=options["seed"], contacts_by_county=contacts)
        made = ", ".join(f"{count} {what}" for what, count in activity.items() if count)
        self.stdout.write(f"Demo activity: {made} created." if made else "Demo activity: already in place.")

        studies = demo_studies_ensure(researcher_email=demo.RESEARCHER_EMAIL)
        self.stdout.write(f"Demo studies: {studies} created." if studies else "Demo studies: already in place.")

        if options["groups"]:
            started = time.perf_counter()
            count = demo.bench_groups_create(count=options["groups"], seed=options["seed"], contacts_by_county=contacts)
            self.stdout.write(f"Benchmark groups: {count} created in {time.perf_counter() - started:.1f} s.")

    def _account_ensure(self, account: demo.DemoAccount) -> None:
        """A demo account that is not a superuser, with the password `demo_accounts` shows."""
        email = account.email
        if User.objects.filter(email=email).exists():
            self.stdout.write(f"Account {email} exists. To set a new password: manage.py changepassword {email}")
            return
        password = demo.demo_password(email)
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                first_name=account.first_name,
                last_name=account.last_name,
                is_staff=account.is_staff,
            )
            user.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in account.role_names])
            user.coordinator_counties.set(County.objects.filter(number__in=account.counties))
            user.facilitator_municipalities.set(Municipality.objects.filter(number__in=account.municipalities))
        self.stdout.write(
            self.style.SUCCESS(
                f"Account created: {email} ({', '.join(account.role_names)}), password: {password}\n"
                f"manage.py demo_accounts lists it again. Later: manage.py changepassword {email}"
            )
        )
        if second_factor_required(user):
            # Staff log in with a code from an authenticator app; the demo's app is set up
            # already, so the key can go into any TOTP app (or use manage.py totp_code).
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
            self.stdout.write(
                self.style.SUCCESS(
                    f"  Two-factor login for {email}: add the key {totp_key_text(device)} to an authenticator "
                    f"app, or print the current code with: manage.py totp_code {email}"
                )
            )
