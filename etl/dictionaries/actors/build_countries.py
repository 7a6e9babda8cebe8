"""Check `countries.csv` against pycountry and the CAMEO codebook; draft rows for missing codes.

`countries.csv` is edited by hand (demonyms, capitals and regions are not in pycountry); this
script is the maintainer's cross-check, not a build step: the pipeline only reads the CSV.

    python etl/dictionaries/actors/build_countries.py            # report problems, exit 1 if any
    python etl/dictionaries/actors/build_countries.py --draft    # print draft rows for codebook
                                                                 # countries the CSV lacks
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
CAMEO = HERE.parent / "cameo" / "countries.csv"
# CAMEO region codes (Africa, Balkans, ...) are in the codebook's country list but are not
# countries; they are listed in regions.csv instead.
REGION_CODES = {
    "AFR",
    "ASA",
    "BLK",
    "CRB",
    "CAU",
    "CFR",
    "CAS",
    "CEU",
    "EIN",
    "EAF",
    "EEU",
    "EUR",
    "LAM",
    "MEA",
    "MDT",
    "NAF",
    "NMR",
    "PGS",
    "SCN",
    "SAM",
    "SAS",
    "SEA",
    "SAF",
    "WAF",
    "WST",
}
# Codebook codes deliberately without a row: BAG (Baghdad) is a place, not an actor.
NOT_ACTORS = {"BAG"}


def _plain(name: str) -> str:
    return name.lower().removeprefix("the ").strip()


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def problems(rows: list[dict[str, str]], cameo: dict[str, str]) -> list[str]:
    """Everything a maintainer should look at; an empty list means the file is consistent."""
    out = []
    codes = {r["code"] for r in rows}
    for code, name in cameo.items():
        if code not in codes and code not in REGION_CODES and code not in NOT_ACTORS:
            out.append(f"{code} ({name}) is in the codebook but has no row")
    for r in rows:
        iso = r["iso3"]
        if iso and pycountry.countries.get(alpha_3=iso) is None:
            out.append(f"{r['code']}: iso3 {iso} is not an ISO 3166 alpha-3 code")
        if iso and iso != r["code"] and not r["note"]:
            out.append(f"{r['code']}: differs from ISO {iso} without a note")
        if r["code"] not in cameo and not r["note"]:
            out.append(f"{r['code']}: not in the codebook and no note says why")
        country = pycountry.countries.get(alpha_3=iso) if iso else None
        if country is not None:
            known = {_plain(n) for n in (r["name"], *r["aliases"].split("|"))}
            official = [getattr(country, a, None) for a in ("name", "common_name", "official_name")]
            readable = [o for o in official if o and ", " not in o]
            if readable and not any(_plain(o) in known for o in readable):
                out.append(f"{r['code']}: none of pycountry's names {official} is listed")
    return out


def draft(rows: list[dict[str, str]], cameo: dict[str, str]) -> list[str]:
    """Draft CSV rows (name and aliases from pycountry) for codebook countries without a row."""
    codes = {r["code"] for r in rows}
    lines = []
    for code, name in cameo.items():
        if code in codes or code in REGION_CODES or code in NOT_ACTORS:
            continue
        country = pycountry.countries.get(alpha_3=code)
        aliases = []
        if country is not None:
            aliases = [a for a in (getattr(country, "official_name", None), country.name) if a]
        lines.append(
            f"country:{code},{code},{code if country else ''},{name},"
            f'"{"|".join(a for a in aliases if a != name)}",,,,'
        )
    return lines


def main(argv: list[str]) -> int:
    rows = read_rows(HERE / "countries.csv")
    cameo = {r["code"]: r["name"] for r in read_rows(CAMEO)}
    if "--draft" in argv:
        sys.stdout.write("\n".join(draft(rows, cameo)) + "\n")
        return 0
    found = problems(rows, cameo)
    sys.stdout.write("\n".join(found) + ("\n" if found else "countries.csv is consistent\n"))
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
