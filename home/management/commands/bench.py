"""`make bench`: load 10,000 groups into the configured database and time a fixed mix of
directory and group-page requests, in-process, with their SQL query counts.

A benchmark, not a test: it prints figures and asserts nothing.
"""

import random
import statistics
import time

from django.core.management import BaseCommand, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import Municipality, Theme
from groups.models import SelfHelpGroup
from home.models import DirectoryPage
from home.services import site_pages_ensure


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


class Command(BaseCommand):
    help = "Benchmark the directory and group pages on 10,000 groups."

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=10_000, help="Groups to have in the database.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, groups, seed, **options):
        self.options = options
        site_pages_ensure()
        missing = groups - SelfHelpGroup.objects.count()
        if missing > 0:
            self.stdout.write(f"Loading {missing} groups …")
            started = time.perf_counter()
            call_command("seed_demo", "--groups", str(missing), "--demo-groups", "0", stdout=self.stdout)
            self.stdout.write(f"… in {time.perf_counter() - started:.1f} s")
            if connection.vendor == "postgresql":
                # What autovacuum does on a running site after a bulk load: the planner's
                # statistics, and the visibility map that lets an index answer alone.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
        total = SelfHelpGroup.objects.count()
        base = DirectoryPage.objects.live().filter(locale__language_code="nb").first().url

        rng = random.Random(seed)
        municipalities = list(Municipality.objects.active().select_related("county"))
        themes = list(Theme.objects.values_list("slug", flat=True))
        words = ["sorg", "angsten", "depresjn", "ensomhet", "pårørende", "samlivsbrudd", "Trondheim", "kreft", "rus", "smerte"]

        def m():
            return rng.choice(municipalities).number

        mix = []
        for _ in range(40):
            mix.append(("text only", base, {"q": rng.choice(words)}))
            mix.append(("municipality only", base, {"kommune": m()}))
            mix.append(("theme + municipality", base, {"kommune": m(), "tema": rng.choice(themes)}))
            mix.append(
                (
                    "all filters",
                    base,
                    {
                        "q": rng.choice(words),
                        "kommune": m(),
                        "tema": rng.sample(themes, 2),
                        "dag": str(rng.randrange(7)),
                        "oppmote": rng.choice(["in_person", "online"]),
                        "malgruppe": "everyone",
                        "vis": "alle",
                    },
                )
            )
            mix.append(("page 3", base, {"side": "3", "vis": "alle"}))
            mix.append(("empty result", base, {"q": "xylofonundervisning", "kommune": m()}))
        landing = rng.sample(municipalities, 20)
        for municipality in landing:
            mix.append(("landing page", f"{base}{municipality.county.slug}/{municipality.slug}/", {}))

        page = DirectoryPage.objects.live().filter(locale__language_code="nb").first()
        sample = list(
            SelfHelpGroup.objects.searchable()
            .select_related("municipality__county")
            .order_by("?")[:100]
        )
        for group in sample:
            mix.append(("group page", page.group_url(group), {}))

        client = Client(HTTP_HOST="127.0.0.1")
        client.get(base)  # warm up caches, as a running site has them
        results: dict[str, list[tuple[float, int]]] = {}
        for label, path, params in mix:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                # A place typed as text ("Trondheim") is redirected to that place's search: the
                # time is both requests', as the person waits for both.
                response = client.get(path, params, follow=True)
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                self.stderr.write(f"{response.status_code} for {path} {params}")
            if self.options.get("verbosity", 1) > 1 and len(queries) > 12:
                self.stderr.write(f"{len(queries)} queries for {path} {params}")
            results.setdefault(label, []).append((elapsed, len(queries)))

        self.stdout.write(f"\n{connection.vendor}, {total} groups, {len(mix)} requests\n")
        self.stdout.write(f"{'request':<22}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'queries p50/max':>17}")
        directory_times = []
        for label, rows in results.items():
            times = [t for t, _ in rows]
            counts = [q for _, q in rows]
            if label != "group page":
                directory_times += times
            self.stdout.write(
                f"{label:<22}{len(rows):>5}{statistics.median(times):>9.1f}{percentile(times, 95):>9.1f}"
                f"{statistics.median(counts):>11.0f} / {max(counts):<3}"
            )
        group_times = [t for t, _ in results["group page"]]
        self.stdout.write(
            f"\nDirectory: p50 {statistics.median(directory_times):.1f} ms, p95 {percentile(directory_times, 95):.1f} ms "
            f"over {len(directory_times)} requests (target p95 ≤ 50 ms on PostgreSQL at 10,000 groups)"
        )
        slowest = max((label for label in results if label != "group page"),
                      key=lambda label: percentile([t for t, _ in results[label]], 95))
        self.stdout.write(
            f"Slowest directory request: {slowest}, p95 {percentile([t for t, _ in results[slowest]], 95):.1f} ms "
            "(target ≤ 150 ms for every request on PostgreSQL at 100,000 groups)"
        )
        self.stdout.write(
            f"Group page: p50 {statistics.median(group_times):.1f} ms, p95 {percentile(group_times, 95):.1f} ms "
            f"over {len(group_times)} requests (target p95 ≤ 30 ms on PostgreSQL)"
        )
