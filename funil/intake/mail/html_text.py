"""HTML e-mail bodies as plain text: no scripts, styles or markup; paragraphs, line breaks and lists kept.

The text is stored as plain text and escaped wherever it is shown, so nothing of the HTML can run.
"""

import re
from html.parser import HTMLParser

SKIPPED = {"script", "style", "head", "title", "template", "noscript", "svg", "math", "object", "iframe"}
BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "blockquote",
    "pre",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "address",
    "figure",
    "form",
}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # open tags whose content is dropped
        self.pre = 0
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in SKIPPED:
            if tag not in VOID:
                self.skipping.append(tag)
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in BLOCKS:
            self.parts.append("\n\n")
        if tag == "pre":
            self.pre += 1
        if tag == "a":
            self.links.append(_web_link(dict(attrs).get("href")))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:  # tolerate unclosed tags inside a skipped block
                del self.skipping[self.skipping.index(tag) :]
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in BLOCKS:
            self.parts.append("\n\n")
        if tag == "a" and self.links:
            href = self.links.pop()
            if href and href not in "".join(self.parts[-3:]):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


def _web_link(href: str | None) -> str | None:
    """Only addresses a person can follow are kept next to the link text; javascript: and the like are dropped."""
    href = (href or "").strip()
    return href if href.lower().startswith(("http://", "https://", "mailto:")) else None


def html_to_text(html: str) -> str:
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # the parser gives up on some broken markup; keep what it read
        pass
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
