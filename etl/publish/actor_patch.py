"""Actor dictionary patches: `etl actors suggest` writes one, `etl actors add` applies it.

A patch is a plain text file in the actor dictionary's own format: one ``[file.csv]`` section
per dictionary file, each holding that file's exact CSV header and rows to append, so a
reviewer sees exactly the lines that will land in `etl/dictionaries/actors/`. Lines starting
with ``#`` are comments; a suggestion without a code is written commented out with ``???`` as
its code, to be filled in and uncommented, or left alone::

    # Actor dictionary patch written by `etl actors suggest` ...
    [people.csv]
    id,person,name,aliases,code,valid_from,valid_to,source
    person:juan-guaido:2019,juan-guaido,Juan Guaido,,VENOPP,2019-01-23,,"suggested: ..."

    [groups.csv]
    id,code,name,aliases,note
    group:conviasa,VENBUS,Conviasa,,"suggested: ..."

People go to ``people.csv`` (their code needs a dated term: ``valid_from`` is the first
publication date the name was seen with, which the reviewer should correct to the real start of
the role); everything else to ``groups.csv``. Names the dictionary already knows (an entry that
did not fire, e.g. outside its dated term) are listed as comments, never added twice.

**What is never proposed as a ready row.** A suggested code the dictionary loader would reject,
or that names a role without saying whose (`ActorDictionary.entry_code_problem`: ``LEGLEG``,
``JUDCRM``, a bare ``GOV``), is written commented out with ``???`` in place of the code and the
reason in its note. So is a name that is no actor by the way the text uses it: one that, in
more of its mentions only modifies a common noun ("the Brexit deal", "the Brexit vote", "a
Twitter account") than it acts as a subject or agent (`non_actor_reason`); the row keeps its
code for a reviewer who disagrees.

**Where `add` writes.** By default into the package's own folder `etl/dictionaries/actors/`:
the project installs editable, so that is the repository's versioned dictionary, the entries
reach every run at once, and the change shows in `runs.dictionary_version` and in the events'
`coder_version`. With ``--into DIR`` it writes into a separate folder instead (created as a
copy of the package folder the first time), for `ActorDictionary.load(DIR)`. Either way the
patched folder is validated by loading it with `ActorDictionary` *before* any file is replaced,
and each file is replaced atomically, so a bad patch changes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from etl.coding.actors import ActorDictionary
from etl.errors import Errors, EtlError
from etl.records import ActorCandidate

PEOPLE = "people.csv"
GROUPS = "groups.csv"
PLACEHOLDER_CODE = "???"
#: Fewest noun-modifier mentions that flag a name as no actor (see `non_actor_reason`).
MIN_MODIFIER_MENTIONS = 2
_SECTION = re.compile(r"^\[([A-Za-z0-9_.-]+\.csv)\]\s*$")
_E005_LINE = re.compile(r"/([A-Za-z0-9_.-]+\.csv) line (\d+)")


def package_actor_folder() -> Path:
    """The package's actor dictionary folder (the repository's, with an editable install)."""
    return Path(str(resources.files("etl.dictionaries").joinpath("actors")))


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "unnamed"


def _csv_line(values: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def _header(folder: Path, name: str) -> list[str]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def non_actor_reason(c: ActorCandidate) -> str | None:
    """Why a candidate reads as a topic or a thing rather than an actor, or None.

    Actors act: a name the text uses more often to say what another noun is about ("the Brexit
    deal", "a Twitter account") than as the subject of a clause or the agent of a passive is
    flagged, when it does so at least `MIN_MODIFIER_MENTIONS` times (one "Adamowicz case" says
    little). Counts come from the coder's parse (`NameOccurrence.modifies_noun`, `acts`). It is
    a flag for the reviewer, not a verdict: organisations quoted as sources ("ONS figures",
    "Opec output") are flagged too.
    """
    modifiers = c.num_modifier_mentions or 0
    acting = c.num_acting_mentions or 0
    if modifiers < MIN_MODIFIER_MENTIONS or modifiers <= acting:
        return None
    return (
        f"not an actor? in {modifiers} of {c.num_mentions} mentions it only modifies another "
        f"noun (as in 'the Brexit deal'), and it acts (is a subject or agent) in {acting}"
    )


def _note(c: ActorCandidate, rejected: str | None = None) -> str:
    parts = [
        f"suggested by etl actors suggest: {c.num_mentions} mention(s) "
        f"in {c.num_articles} article(s)"
    ]
    if rejected:
        parts.append(f"{c.suggested_code} from context is not usable ({rejected}): fill in")
    elif c.suggested_code:
        parts.append(f"{c.suggested_code} from {c.suggestion_evidence} ({c.suggestion_support}x)")
    else:
        parts.append("no code from context: fill in the code")
    if c.first_seen:
        parts.append(f"first seen {c.first_seen.isoformat()}")
    if c.examples:
        example = " ".join(c.examples[0].split())  # one line: a commented row stays one line
        parts.append("e.g. '" + (example if len(example) <= 140 else example[:139] + "…") + "'")
    return "; ".join(parts)


@dataclass
class ActorPatch:
    """Rows to append, per dictionary file, as raw CSV lines (header first)."""

    sections: dict[str, list[str]] = field(default_factory=dict)
    comments: dict[str, list[str]] = field(default_factory=dict)
    flagged: int = 0  # names left commented out as no actor (`non_actor_reason`)
    to_complete: int = 0  # rows commented out for want of a usable code or date


def build_actor_patch(
    candidates: Sequence[ActorCandidate],
    dictionary: ActorDictionary | None = None,
    folder: Path | None = None,
    min_mentions: int = 1,
) -> ActorPatch:
    """Turn ranked candidates into dictionary rows (see the module docstring for the rules)."""
    folder = folder or package_actor_folder()
    dictionary = dictionary or ActorDictionary.load(folder)
    known = {s.casefold() for s in dictionary.surfaces}
    taken_ids = set(dictionary.person_terms) | set(dictionary.orgs)
    patch = ActorPatch()
    for name in (PEOPLE, GROUPS):
        patch.sections[name] = [_csv_line(_header(folder, name))]
        patch.comments[name] = []
    for c in sorted(candidates, key=lambda c: c.rank):
        if c.num_mentions < min_mentions:
            continue
        problem = dictionary.entry_code_problem(c.suggested_code) if c.suggested_code else None
        note = _note(c, problem)
        if c.name.casefold() in known or c.normalized in known:
            patch.comments[GROUPS].append(
                f"# already in the dictionary: {c.name!r} (check the dates or case of its "
                f"entry); {note}"
            )
            continue
        slug = _slug(c.name)
        code = PLACEHOLDER_CODE if problem or not c.suggested_code else c.suggested_code
        aliases = "|".join(v for v in c.variants if v != c.name)
        if c.suggested_kind == "person":
            year = c.first_seen.year if c.first_seen else "yyyy"
            row_id = f"person:{slug}:{year}"
            valid_from = c.first_seen.isoformat() if c.first_seen else ""
            values = [row_id, slug, c.name, aliases, code, valid_from, "", note]
            target = PEOPLE
            usable = code != PLACEHOLDER_CODE and c.first_seen is not None
        else:
            row_id = f"group:{slug}"
            values = [row_id, code, c.name, aliases, note]
            target = GROUPS
            usable = code != PLACEHOLDER_CODE
        if row_id in taken_ids:
            continue
        taken_ids.add(row_id)
        line = _csv_line(values)
        flag = non_actor_reason(c)
        if flag:
            patch.comments[target].append(f"# {flag}:")
            patch.comments[target].append("# " + line)
            patch.flagged += 1
        elif usable:
            patch.sections[target].append(line)
        else:
            patch.comments[target].append("# " + line)
            patch.to_complete += 1
    return patch


def render_actor_patch(patch: ActorPatch, source: str) -> str:
    """The patch as text, with instructions for the reviewer."""
    today = dt.datetime.now(dt.UTC).date().isoformat()
    lines = [
        f"# Actor dictionary patch written by `etl actors suggest` on {today} from {source}.",
        "# Review it: correct codes, names, aliases and dates (a person's valid_from is only the",
        "# first article date seen); delete rows you do not want. Lines starting with '#' are",
        "# ignored: fill in a commented row's code (???) and remove its '# ' to add it.",
        "# Then apply it with:  etl actors add THIS_FILE   (see etl/publish/actor_patch.py)",
        "# Each [file] section has the exact columns of that file in etl/dictionaries/actors/.",
    ]
    for name, rows in patch.sections.items():
        lines += ["", f"[{name}]", *rows, *patch.comments.get(name, [])]
    return "\n".join(lines) + "\n"


def read_actor_patch(path: Path) -> dict[str, list[tuple[int, str]]]:
    """Section name -> [(patch line number, CSV line)], header first, comments dropped."""
    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _SECTION.match(line.strip())
        if match:
            current = match.group(1)
            if current in sections:
                raise EtlError(
                    Errors.E052.format(path=path, line=number, problem="section repeated")
                )
            sections[current] = []
            continue
        if current is None:
            raise EtlError(
                Errors.E052.format(
                    path=path, line=number, problem="row before any [file.csv] section"
                )
            )
        sections[current].append((number, line))
    return sections


@dataclass(frozen=True)
class AppliedPatch:
    folder: Path
    added: dict[str, int]
    version: str


def apply_actor_patch(patch: Path, folder: Path | None = None) -> AppliedPatch:
    """Append the patch's rows to the dictionary files in `folder` (default: the package's).

    The patched copy is validated with `ActorDictionary.load` first; a problem raises E052 with
    the patch's own line number and nothing is changed.
    """
    target = (folder or package_actor_folder()).resolve()
    if not target.exists():
        shutil.copytree(package_actor_folder(), target)
    sections = read_actor_patch(patch)
    work = target.parent / f".{target.name}.patch-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(target, work)
    try:
        origin: dict[tuple[str, int], int] = {}
        added: dict[str, int] = {}
        for name, rows in sections.items():
            path = work / name
            if not path.is_file():
                raise EtlError(
                    Errors.E052.format(
                        path=patch,
                        line=rows[0][0] if rows else 0,
                        problem=f"{name} is not a file of the actor dictionary",
                    )
                )
            if not rows:
                continue
            header_line, header = rows[0]
            if next(csv.reader([header])) != _header(work, name):
                raise EtlError(
                    Errors.E052.format(
                        path=patch,
                        line=header_line,
                        problem=f"header differs from {name}'s: {_csv_line(_header(work, name))}",
                    )
                )
            text = path.read_text("utf-8")
            if text and not text.endswith("\n"):
                text += "\n"
            base = len(text.splitlines())
            body = rows[1:]
            for offset, (number, _) in enumerate(body, start=1):
                origin[(name, base + offset)] = number
            path.write_text(text + "".join(line + "\n" for _, line in body), encoding="utf-8")
            added[name] = len(body)
        try:
            loaded = ActorDictionary.load(work)
        except EtlError as exc:
            match = _E005_LINE.search(str(exc))
            line = origin.get((match.group(1), int(match.group(2))), 0) if match else 0
            raise EtlError(Errors.E052.format(path=patch, line=line, problem=str(exc))) from None
        for name, count in added.items():
            if count:
                os.replace(work / name, target / name)
        return AppliedPatch(folder=target, added=added, version=loaded.version)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(work)
