"""HTML (Anki fields, GIFT `[html]` text, notebook answer blocks) -> Markdown text.

A small converter on `html.parser`: entities, line breaks, paragraphs and divs, lists,
emphasis, code, links and images. Math is protected first, so `$a<b$` or `\\(a<b\\)` never
reads as a tag.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_MATH = re.compile(r"\$\$.+?\$\$|\\\(.+?\\\)|\\\[.+?\\\]|\$[^$\n]+?\$", re.DOTALL)
_BLOCK_TAGS = {"div", "p", "section", "article", "header", "footer", "blockquote", "table", "tr",
               "h1", "h2", "h3", "h4", "h5", "h6", "center", "details", "summary", "figure"}
_SKIP_TAGS = {"script", "style", "head", "title"}
_EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "tt": "`"}


def looks_like_html(text: str) -> bool:
    """Whether ``text`` has an HTML tag or entity (as Anki decides "Allow HTML")."""
    return bool(_TAG.search(text) or _ENTITY.search(text))


def protect_math(text: str) -> tuple[str, list[str]]:
    """Replace math spans by placeholders; `restore_math` puts them back."""
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return f"\ue000{len(spans) - 1}\ue001"

    return _MATH.sub(keep, text), spans


def restore_math(text: str, spans: list[str]) -> str:
    return re.sub("\ue000([0-9]+)\ue001", lambda m: spans[int(m.group(1))], text)


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int | None]] = []  # per open list: [next number] or [None] for bullets
        self.skip = 0
        self.pre = 0
        self.link: str | None = None

    def _newline(self, count: int = 1) -> None:
        text = "".join(self.out)
        trailing = len(text) - len(text.rstrip("\n"))
        if text.strip() and trailing < count:
            self.out.append("\n" * (count - trailing))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag == "hr":
            self._newline(2)
        elif tag in ("ul", "ol"):
            self._newline(1)
            self.lists.append([1 if tag == "ol" else None])
        elif tag == "li":
            self._newline(1)
            depth = max(len(self.lists) - 1, 0)
            marker = "-"
            if self.lists and self.lists[-1][0] is not None:
                number = self.lists[-1][0]
                marker = f"{number}."
                self.lists[-1][0] = number + 1
            self.out.append("  " * depth + marker + " ")
        elif tag == "pre":
            self._newline(2)
            self.out.append("```\n")
            self.pre += 1
        elif tag in _EMPHASIS and not self.pre:
            self.out.append(_EMPHASIS[tag])
        elif tag == "a":
            self.link = attr.get("href") or None
            self.out.append("[" if self.link else "")
        elif tag == "img":
            src = attr.get("src") or ""
            self.out.append(f"![{attr.get('alt') or ''}]({src})" if src else "")
        elif tag in _BLOCK_TAGS:
            self._newline(2 if tag == "p" else 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(self.skip - 1, 0)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._newline(1)
        elif tag == "pre":
            self.pre = max(self.pre - 1, 0)
            self._newline(1)
            self.out.append("```\n\n")
        elif tag in _EMPHASIS and not self.pre:
            self.out.append(_EMPHASIS[tag])
        elif tag == "a":
            if self.link:
                self.out.append(f"]({self.link})")
            self.link = None
        elif tag in _BLOCK_TAGS:
            self._newline(2 if tag == "p" else 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            self.out.append(data)
        else:
            # HTML collapses runs of spaces and newlines into one space.
            self.out.append(re.sub(r"[ \t\r\n\f]+", " ", data.replace("\xa0", " ")))


def html_to_text(html: str) -> str:
    """Convert an HTML fragment to Markdown-ish text (trailing spaces and extra blank lines
    removed)."""
    protected, spans = protect_math(html)
    converter = _Converter()
    converter.feed(protected)
    converter.close()
    text = "".join(converter.out).replace("\xa0", " ")
    lines = []
    in_fence = False
    for line in text.split("\n"):
        if line.strip() == "```":
            in_fence = not in_fence
        elif not in_fence and line.startswith(" ") and not re.match(r"^\s*(-|[0-9]+\.) ", line):
            line = line.lstrip(" ")  # the space HTML kept after a line break
        lines.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return restore_math(text, spans)
