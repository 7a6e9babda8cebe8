"""`etl explain`: an event's provenance, readable by a person checking the coder."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from etl.errors import EtlError
from etl.warehouse import connect_read_only


def _marked(sentence: str, spans: list[tuple[int, int, str]]) -> Text:
    text = Text(sentence)
    for start, end, style in spans:
        if 0 <= start < end <= len(sentence):
            text.stylize(style, start, end)
    return text


def _place_line(event: dict) -> str:
    """'Caracas (city, VEN, VE25, 10.488 -66.879, geonames:3646738; from the sentence)'."""
    if not event.get("geo_type"):
        return "none"
    where = ", ".join(
        str(v) for v in (event["geo_type"], event["geo_country"], event["geo_adm1"]) if v
    )
    coords = ""
    if event.get("geo_lat") is not None:
        coords = f", {event['geo_lat']:.3f} {event['geo_lon']:.3f}"
    gid = f", geonames:{event['geo_geonameid']}" if event.get("geo_geonameid") else ""
    return f"{event['geo_name']} ({where}{coords}{gid}; from the {event['geo_origin']})"


def explain_event(warehouse: Path, event_id: str) -> Group:
    """Sentence with source, trigger and target highlighted, then every field that explains it."""
    con = connect_read_only(warehouse)
    try:
        cur = con.execute("SELECT * FROM events WHERE event_id = ?", [event_id])
        names = [d[0] for d in cur.description]
        row = cur.fetchone()
        if row is None:
            raise EtlError(f"No event {event_id!r} in {warehouse}. List ids with `etl sql`.")
        event = dict(zip(names, row, strict=True))
        mentions = con.execute(
            "SELECT text, code, entry_id, entry_at, resolution, evidence FROM actor_mentions "
            "WHERE sentence_id = ? ORDER BY start",
            [event["sentence_id"]],
        ).fetchall()
        article = con.execute(
            "SELECT source, title, published, published_origin FROM articles WHERE article_id = ?",
            [event["article_id"]],
        ).fetchone()
    finally:
        con.close()
    sentence = _marked(
        event["sentence_text"],
        [
            (event["source_start"], event["source_end"], "bold blue"),
            (event["verb_start"], event["verb_end"], "bold red"),
            (event["target_start"], event["target_end"], "bold green"),
        ],
    )
    fields = Table(show_header=False, box=None)
    for key in (
        "event_id",
        "event_date",
        "date_precision",
        "date_origin",
        "date_evidence",
        "source_code",
        "source_name",
        "source_entry",
        "source_entry_at",
        "cameo_code",
        "event_name",
        "trigger",
        "rule_id",
        "rule_at",
        "target_code",
        "target_name",
        "target_entry",
        "target_entry_at",
        "quad_class",
        "penta_class",
        "goldstein",
        "plover_event",
        "article_id",
        "sentence_id",
        "cluster_id",
        "coder_version",
    ):
        fields.add_row(key, str(event.get(key)))
    if article:
        fields.add_row("article", f"{article[0]} — {article[1]} ({article[2]}, {article[3]})")
    fields.add_row("place", _place_line(event))
    fields.add_row("place why", str(event.get("geo_evidence")))
    actors = Table(
        "mention", "code", "entry", "entry at", "resolution", "evidence", title="actors in sentence"
    )
    for m in mentions:
        actors.add_row(*(str(v) for v in m))
    return Group(
        Panel(sentence, title="sentence (source blue, trigger red, target green)"), fields, actors
    )
