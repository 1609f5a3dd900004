"""A bank -> an Anki package (.apkg), written with genanki.

One deck per bank. Two note types: "basic" (Front/Back) for open, computed and multiple-choice
questions, and "true/false" (Stem, Statement -> True/False + explanation) with one note per
statement. Note GUIDs are `genanki.guid_for(bank_id, card_key)`, and deck and note-type ids
come from a hash of the bank id, so exporting again and re-importing in Anki updates the
notes instead of duplicating them. `$…$` math becomes MathJax `\\(…\\)`; the bank's macros
are defined in the card templates.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from typing import Any

from quizapp.banks.kinds import Kind
from quizapp.banks.model import Bank, Question
from quizapp.banks.variants import Variant
from quizapp.cards import card_key
from quizapp.importers.export_images import Figures, anki_media
from quizapp.importers.markdown_html import code_to_html, markdown_to_html
from quizapp.importers.report import ExportReport, Note

CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
pre { background: #f4f4f4; padding: 6px; overflow-x: auto; font-size: 14px; }
.verdict { font-weight: bold; font-size: 22px; }
.quizapp-macros { display: none; }"""


def stable_id(*parts: str) -> int:
    """An Anki id (deck or note type) from a hash: the same bank always gets the same ids."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _macro_block(bank: Bank) -> str:
    """Hidden MathJax definitions of the bank's macros, put at the top of every card."""
    if not bank.macros:
        return ""
    defs = []
    for name, body in sorted(bank.macros.items()):
        count = max((int(c) for c in "123456789" if f"#{c}" in body), default=0)
        defs.append(f"\\newcommand{{\\{name}}}{f'[{count}]' if count else ''}{{{body}}}")
    # `{{`/`}}` would read as template tags to Anki (and genanki's renderer); TeX ignores the space.
    tex = re.sub(r"([{}])(?=[{}])", r"\1 ", "".join(defs))
    return f'<div class="quizapp-macros">\\({html.escape(tex, quote=False)}\\)</div>'


def _models(bank: Bank) -> tuple[Any, Any]:
    import genanki

    macros = _macro_block(bank)
    basic = genanki.Model(
        stable_id(bank.id, "quizapp-basic"), f"quizapp basic ({bank.id})",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Card"}],
        templates=[{"name": "Card 1", "qfmt": macros + "{{Front}}",
                    "afmt": macros + '{{FrontSide}}<hr id="answer">{{Back}}'}],
        css=CSS,
    )
    true_false = genanki.Model(
        stable_id(bank.id, "quizapp-true-false"), f"quizapp true/false ({bank.id})",
        fields=[{"name": "Statement"}, {"name": "Stem"}, {"name": "Answer"}, {"name": "Explanation"},
                {"name": "Card"}],
        templates=[{"name": "Statement", "qfmt": macros + "{{Stem}}<hr>{{Statement}}",
                    "afmt": macros + '{{FrontSide}}<hr id="answer"><div class="verdict">{{Answer}}</div>'
                                     "{{Explanation}}"}],
        css=CSS,
    )
    return basic, true_false


def _tags(q: Question) -> list[str]:
    tags = [t.replace(" ", "_") for t in q.tags]
    return tags + [f"topic::{q.topic.replace(' ', '_')}"]


def _front(q: Question, variant: Variant) -> str:
    parts = [markdown_to_html(variant.fill(q.prompt))]
    if q.setup is not None:
        parts.append(code_to_html(variant.fill(q.setup.text)))
    if q.hint:
        parts.append(f"<i>{markdown_to_html(variant.fill(q.hint))}</i>")
    return "\n".join(p for p in parts if p)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def _back(q: Question, where: str, report: ExportReport) -> str | None:
    """The answer side, or None when the bank has no answer to show."""
    explain = markdown_to_html(q.explain)
    if q.kind == Kind.OPEN:
        if not (q.answer or "").strip():
            return None
        points = "".join(f"<li>{markdown_to_html(p)}</li>" for p in q.key_points)
        return "\n".join(p for p in (markdown_to_html(q.answer), f"<ul>{points}</ul>" if points else "", explain) if p)
    if q.kind == Kind.MULTIPLE_CHOICE:
        right = [c for c in q.choices if c.correct]
        items = "".join(f"<li>{markdown_to_html(c.text)}{' — ' + markdown_to_html(c.explain) if c.explain else ''}"
                        "</li>" for c in right)
        return f"<ul>{items}</ul>" + (f"\n{explain}" if explain else "")
    # computed
    if q.params:
        if not q.examples:
            return None
        example = q.examples[0]
        report.approximated.append(Note(where, "parametrised question exported at its first example's parameters"))
        return f'<div class="verdict">{html.escape(_show(example.answer))}</div>' + (f"\n{explain}" if explain else "")
    if q.answer is not None:
        shown = " or ".join(_show(v) for v in q.answer) if q.compare == "one_of" else _show(q.answer)
        return f'<div class="verdict">{html.escape(shown)}</div>' + (f"\n{explain}" if explain else "")
    if q.compute is not None:
        report.approximated.append(Note(where, "answer computed live by quizapp: the card shows the code instead"))
        return "Computed in quizapp by:\n" + code_to_html(q.compute.text) + (f"\n{explain}" if explain else "")
    return None


def build_deck(bank: Bank, images: Figures | None = None,
               media_folder: Path | None = None) -> tuple[Any, ExportReport, list[Path]]:
    """A genanki Deck holding one note per card of ``bank`` that has an answer, and the media
    files its notes name (``images``: the demos' figures by question or question/statement,
    written as PNGs into ``media_folder``)."""
    import genanki

    report = ExportReport(str(bank.path), "anki")
    basic, true_false = _models(bank)
    deck = genanki.Deck(stable_id(bank.id, "deck"), bank.title)
    images = images or {}
    media: list[Path] = []

    def pictures(key: str) -> str:
        if not images.get(key) or media_folder is None:
            return ""
        markup, files = anki_media(bank.id, key, images[key], media_folder)
        media.extend(files)
        return "\n" + markup

    for q in bank.questions:
        where = f"{bank.path.name}: `{q.id}`"
        if q.demos or any(s.demos for s in q.statements):
            shown = any(k == q.id or k.startswith(q.id + "/") for k in images)
            report.approximated.append(Note(where, "demonstrations exported as their images only (Anki cannot run code)"
                                            if shown else "demonstrations are not exported (Anki cannot run them)"))
        if q.kind == Kind.TRUE_FALSE:
            stem = markdown_to_html(q.stem)
            for s in q.statements:
                if s.answer is None:
                    report.skipped.append(Note(f"{where}/{s.id}", "statement without a true/false answer"))
                    continue
                key = card_key(bank.id, q.id, s.id)
                deck.add_note(genanki.Note(
                    model=true_false, guid=genanki.guid_for(bank.id, key), tags=_tags(q),
                    fields=[markdown_to_html(s.text), stem, "True" if s.answer else "False",
                            markdown_to_html(s.explain or q.explain) + pictures(q.id) + pictures(f"{q.id}/{s.id}"),
                            key]))
                report.items += 1
            continue
        variant = Variant(0, dict(q.examples[0].params)) if q.params and q.examples else Variant(0)
        back = _back(q, where, report)
        if back is None:
            report.skipped.append(Note(where, "question without an answer to show"))
            continue
        back += pictures(q.id)
        front = _front(q, variant)
        if q.kind == Kind.MULTIPLE_CHOICE:
            front += "<ol type=\"A\">" + "".join(f"<li>{markdown_to_html(c.text)}</li>" for c in q.choices) + "</ol>"
        key = card_key(bank.id, q.id)
        deck.add_note(genanki.Note(model=basic, guid=genanki.guid_for(bank.id, key), tags=_tags(q),
                                   fields=[front, back, key]))
        report.items += 1
    return deck, report, media


def export_anki(bank: Bank, path: Path | str, images: Figures | None = None) -> ExportReport:
    """Write ``bank`` as an Anki package to ``path``; return the report."""
    import tempfile

    import genanki

    target = Path(path)
    with tempfile.TemporaryDirectory(prefix="quizapp-media-") as folder:
        deck, report, media = build_deck(bank, images, Path(folder))
        genanki.Package(deck, media_files=sorted({str(m) for m in media})).write_to_file(str(target))
    report.target = str(target)
    return report
