"""Demo content: the page tree, fictional contact persons, about 300 groups and an editor account.

Idempotent: a second run creates nothing. `--groups N` adds N benchmark groups in bulk on every run.
"""

import secrets
import time

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.models import Municipality, Theme
from facilitators.models import User
from groups import demo
from home.services import site_pages_ensure

EDITOR_EMAIL = "redaktor@example.org"
EDITOR_GROUPS = ("Editors", "Moderators")


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
        self._editor_ensure()

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

        if options["groups"]:
            started = time.perf_counter()
            count = demo.bench_groups_create(count=options["groups"], seed=options["seed"], contacts_by_county=contacts)
            self.stdout.write(f"Benchmark groups: {count} created in {time.perf_counter() - started:.1f} s.")

    def _editor_ensure(self) -> None:
        """An editor who is not a superuser. The password is random and shown only when it is made."""
        if User.objects.filter(email=EDITOR_EMAIL).exists():
            self.stdout.write(
                f"Editor account {EDITOR_EMAIL} exists. To set a new password: "
                f"manage.py changepassword {EDITOR_EMAIL}"
            )
            return
        password = secrets.token_urlsafe(18)
        with transaction.atomic():
            editor = User.objects.create_user(
                email=EDITOR_EMAIL, password=password, first_name="Demo", last_name="Redaktør", is_staff=True
            )
            editor.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in EDITOR_GROUPS])
        self.stdout.write(
            self.style.SUCCESS(
                f"Editor account created: {EDITOR_EMAIL}, password: {password}\n"
                "This password is shown only now. Later: manage.py changepassword " + EDITOR_EMAIL
            )
        )
