"""A job posting file (plain text, Markdown, HTML) as plain lines, with a clear error for bad files.

HTML keeps its structure as lines: each heading, list item and paragraph on its own line, headings
marked with '#' like Markdown, so `postings.py` reads all three formats the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.readers import ReadError, check_size, decode_bytes

POSTING_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_POSTING_BYTES = 1024 * 1024  # a posting is a page or two; a megabyte of text is not one posting
MIN_POSTING_WORDS = 8  # fewer words than this is a note or an empty file, not a posting
_HTML_BLOCKS = ("p", "li", "div", "td", "th", "dt", "dd", "blockquote", "pre", "section", "article")


def is_posting_file(path: Path) -> bool:
    """Whether `hrbot import roles` reads this file as a posting's free text (not a catalog table)."""
    return Path(path).suffix.lower() in POSTING_SUFFIXES


def posting_files(folder: Path) -> list[Path]:
    """The posting files of a folder and its subfolders, hidden ones left out, in a stable order."""
    folder = Path(folder)
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_posting_file(p)
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def read_posting(path: Path, *, max_bytes: int = MAX_POSTING_BYTES) -> str:
    """The posting's text, lines kept; ReadError with the reason for a missing, huge, binary or empty file."""
    path = Path(path)
    if not path.is_file():
        raise ReadError("no such file" if not path.exists() else "not a file")
    if not is_posting_file(path):
        raise ReadError(f"unsupported posting file type '{path.suffix or path.name}' (expected txt, md or html)")
    check_size(path, max_bytes)
    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm"):
        text = html_text(decode_bytes(data))
    else:
        text = decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text.split()) < MIN_POSTING_WORDS:
        raise ReadError("empty posting" if not text.strip() else
                        f"too short for a job posting (fewer than {MIN_POSTING_WORDS} words)")
    return text


def html_text(markup: str) -> str:
    """HTML as lines: headings as '# ...', list items as '- ...', blocks as paragraphs; scripts dropped."""
    import lxml.html  # loaded with the first HTML posting

    try:
        root = lxml.html.fromstring(markup.encode("utf-8"))
    except Exception as exc:  # noqa: BLE001 - lxml's parser errors
        raise ReadError(f"unreadable HTML ({type(exc).__name__})") from None
    for bad in root.xpath("//script|//style|//nav|//footer|//noscript"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines: list[str] = []
    title = " ".join((root.findtext(".//title") or "").split())
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if re.fullmatch(r"h[1-6]", tag):
            lines.append("# " + " ".join(el.text_content().split()))
        elif tag in _HTML_BLOCKS and not any(isinstance(c.tag, str) and (c.tag in _HTML_BLOCKS or re.fullmatch(r"h[1-6]", c.tag))
                                               for c in el.iterdescendants()):
            for part in el.text_content().split("\n"):
                if part.strip():
                    lines.append(("- " if tag == "li" else "") + " ".join(part.split()))
    if title and not any(line.startswith("# ") for line in lines[:1]):
        lines.insert(0, "# " + title)
    return "\n".join(lines)
