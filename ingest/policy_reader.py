"""Policy documents to passages: Markdown (front matter), HTML, PDF, DOCX and text, split at their headings.

Every passage keeps its document's title, its section path ("Leave › Parental leave › Adoption")
and its source, so an answer can quote and cite it. Markdown headings come from markdown-it's
parse (no `#` inside code taken for a heading), HTML from lxml, DOCX from the Heading styles;
PDF and text have no markup, so a short line that looks like a heading (numbered, or title-like
and followed by prose) starts a section. Long sections are cut at paragraph ends into passages of
at most `MAX_WORDS` words, each with the same section path.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.readers import ReadError, check_size, decode_bytes, read_text
from store.models import POLICY_AUDIENCES

POLICY_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".txt")
AUDIENCES = POLICY_AUDIENCES
SEPARATOR = " › "
MAX_WORDS = 100  # about 150 MiniLM word pieces with the heading: the whole passage fits its 256-piece window
MIN_WORDS = 4  # a section with fewer words (a heading over its subsections) gives no passage of its own
_NUMBERED = re.compile(r"^(\d+(\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+\S")
_SENTENCE_END = re.compile(r"[.:;,!?]$")


@dataclass
class Passage:
    """One section (or part of a long one): its heading path and its text."""

    section: str
    text: str


@dataclass
class PolicyDoc:
    """A parsed document: title, audience, source and its passages in reading order."""

    title: str
    source: str
    audience: str = "everyone"
    passages: list[Passage] = field(default_factory=list)


def check_audience(value: Any) -> str:
    """'everyone', 'recruiters' or 'hr' (case and an 's' forgiven); ReadError otherwise."""
    word = str(value or "").strip().casefold()
    word = {"all": "everyone", "employees": "everyone", "recruiter": "recruiters", "people": "hr"}.get(word, word)
    if word not in AUDIENCES:
        raise ReadError(f"unknown audience {value!r} (expected one of {', '.join(AUDIENCES)})")
    return word


def read_policy(path: Path, *, audience: str | None = None, source: str | None = None) -> PolicyDoc:
    """Parse one policy file; ReadError (with the reason, for the user) when it cannot be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in POLICY_SUFFIXES:
        raise ReadError(f"unsupported file type '{suffix or path.name}' (expected md, html, pdf, docx or txt)")
    check_size(path)
    meta: dict[str, Any] = {}
    if suffix in (".md", ".markdown"):
        meta, title, sections = _markdown(decode_bytes(path.read_bytes()))
    elif suffix in (".html", ".htm"):
        title, sections = _html(path.read_bytes())
    elif suffix == ".docx":
        title, sections = _docx(path)
    else:
        title, sections = _plain(read_text(path))
    title = str(meta.get("title") or title or _title_from_name(path)).strip()[:300]
    doc = PolicyDoc(
        title=title,
        source=str(source or meta.get("source") or meta.get("link") or _file_source(path))[:500],
        audience=check_audience(audience or meta.get("audience") or "everyone"),
    )
    doc.passages = _passages(title, sections)
    if not doc.passages:
        raise ReadError("no policy text in the file")
    return doc


def _file_source(path: Path) -> str:
    """The file's path, relative to the working directory when inside it (the same file from two checkouts
    is one document, and a citation does not show where somebody's checkout lives)."""
    full = path.resolve()
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(full)


def _title_from_name(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize()


Sections = list[tuple[list[str], list[str]]]  # (heading path, paragraphs)


class _Builder:
    """Collects paragraphs under the current heading path as headings arrive."""

    def __init__(self) -> None:
        self.path: list[tuple[int, str]] = []
        self.sections: Sections = [([], [])]
        self.title = ""

    def heading(self, level: int, text: str) -> None:
        text = " ".join(text.split()).strip("#*_ ").strip()
        if not text:
            return
        if level == 1 and not self.title and not self.path:
            self.title = text  # the document's own title, not a section
            return
        self.path = [(lvl, t) for lvl, t in self.path if lvl < level] + [(level, text)]
        self.sections.append(([t for _, t in self.path], []))

    def paragraph(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.sections[-1][1].append(text)


def _markdown(raw: str) -> tuple[dict[str, Any], str, Sections]:
    """Front matter (python-frontmatter) and the body split at markdown-it's heading tokens."""
    import frontmatter  # loaded with the first Markdown policy
    from markdown_it import MarkdownIt  # (same reason)

    try:
        post = frontmatter.loads(raw)
        meta, body = dict(post.metadata), post.content
    except Exception as exc:  # noqa: BLE001 - bad YAML in the front matter
        raise ReadError(f"unreadable front matter ({type(exc).__name__}); fix the YAML between the --- lines") from None
    lines = body.splitlines()
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    builder = _Builder()
    cursor = 0
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map:
            start, end = tok.map
            _md_paragraphs(builder, lines[cursor:start])
            builder.heading(int(tok.tag[1]), tokens[i + 1].content)
            cursor = end
    _md_paragraphs(builder, lines[cursor:])
    return meta, builder.title, builder.sections


_MD_MARKUP = re.compile(r"(\*\*|__|`|^\s*>\s?|^\s*[-*+]\s+|^\s*\|?\s*-{3,}.*$)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LIQUID = re.compile(r"\{[{%].*?[%}]\}", re.S)


def _md_paragraphs(builder: _Builder, lines: list[str]) -> None:
    """Blank-line separated blocks as paragraphs, links reduced to their text, emphasis markers dropped."""
    block: list[str] = []
    for line in _LIQUID.sub("", "\n".join(lines)).split("\n") + [""]:
        clean = _MD_LINK.sub(r"\1", line)
        clean = _MD_MARKUP.sub("", clean).replace("|", " ").strip()
        if clean:
            block.append(clean)
        elif block:
            builder.paragraph(" ".join(block))
            block = []


_HTML_BLOCKS = {"p", "li", "td", "th", "dd", "dt", "pre", "blockquote", "figcaption"}


def _html(data: bytes) -> tuple[str, Sections]:
    """Headings h1-h6 and block elements in document order (lxml); scripts, styles and navigation skipped."""
    import lxml.html  # loaded with the first HTML policy

    try:
        root = lxml.html.fromstring(data)
    except Exception as exc:  # noqa: BLE001 - lxml's parser errors
        raise ReadError(f"unreadable HTML ({type(exc).__name__})") from None
    for bad in root.xpath("//script|//style|//nav|//header|//footer|//noscript"):
        bad.drop_tree()
    builder = _Builder()
    page_title = " ".join((root.findtext(".//title") or "").split())
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if re.fullmatch(r"h[1-6]", tag):
            builder.heading(int(tag[1]), el.text_content())
        elif tag in _HTML_BLOCKS and not any(a.tag in _HTML_BLOCKS for a in el.iterancestors()):
            builder.paragraph(el.text_content())
    return builder.title or page_title, builder.sections


def _docx(path: Path) -> tuple[str, Sections]:
    """Word paragraphs in order, a "Heading N" style starting a section and "Title" naming the document."""
    from docx import Document  # loaded with the first DOCX policy
    from docx.opc.exceptions import PackageNotFoundError  # (same reason)

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"unreadable DOCX ({type(exc).__name__}); the file is damaged or not a Word document") from None
    builder = _Builder()
    for para in doc.paragraphs:
        style = (para.style.name if para.style is not None else "") or ""
        level = re.fullmatch(r"Heading (\d)", style)
        if style == "Title" and not builder.title:
            builder.title = " ".join(para.text.split())
        elif level:
            builder.heading(int(level.group(1)) + 1, para.text)  # Heading 1 is a section under the Title
        else:
            builder.paragraph(para.text)
    for table in doc.tables:
        for row in table.rows:
            builder.paragraph(" | ".join(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip())))
    return builder.title, builder.sections


def _plain(text: str) -> tuple[str, Sections]:
    """PDF or text: a short line without closing punctuation, followed by a longer one, is a heading."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    builder = _Builder()
    block: list[str] = []

    def flush() -> None:
        if block:
            builder.paragraph(" ".join(block))
            block.clear()

    for i, line in enumerate(lines):
        if not line:
            flush()
            continue
        following = next((n for n in lines[i + 1:] if n), "")
        if _looks_like_heading(line, following):
            flush()
            level = 1 if not builder.title and not builder.path else 2 + line.split(" ", 1)[0].count(".") * bool(_NUMBERED.match(line))
            builder.heading(min(level, 6), line)
        else:
            block.append(line)
    flush()
    return builder.title, builder.sections


def _looks_like_heading(line: str, following: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= 10 or len(line) > 80 or _SENTENCE_END.search(line):
        return False
    if _NUMBERED.match(line):
        return True
    capitalised = sum(1 for w in words if w[:1].isupper()) / len(words)
    return bool(following) and len(following) > len(line) and (capitalised >= 0.5 or line.isupper())


def _passages(title: str, sections: Sections) -> list[Passage]:
    """Sections with text, long ones cut at paragraph ends; the section path falls back to the title."""
    out: list[Passage] = []
    for path, paragraphs in sections:
        if sum(len(p.split()) for p in paragraphs) < MIN_WORDS:
            continue
        section = SEPARATOR.join(path) or title
        chunk: list[str] = []
        for para in paragraphs:
            for piece in _split_long(para):
                if chunk and sum(len(c.split()) for c in chunk) + len(piece.split()) > MAX_WORDS:
                    out.append(Passage(section[:500], "\n".join(chunk)))
                    chunk = []
                chunk.append(piece)
        if chunk:
            out.append(Passage(section[:500], "\n".join(chunk)))
    return out


def _split_long(paragraph: str) -> list[str]:
    """A paragraph longer than a passage, cut at sentence ends."""
    if len(paragraph.split()) <= MAX_WORDS:
        return [paragraph]
    pieces, current = [], []
    for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
        if current and len(" ".join(current + [sentence]).split()) > MAX_WORDS:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces
