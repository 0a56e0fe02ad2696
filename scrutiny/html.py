"""The tracker's texts are the council's HTML: paragraphs and lists, kept as they are; anything
else (scripts, styles, links, attributes, event handlers) is dropped by nh3 (the Ammonia
sanitiser), every time a text is saved. Pages then show the stored text as it is."""

import re

import nh3

# What the council's tracker uses, and what an officer writing a progress update needs.
TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "sup", "sub"}


def sanitise(html: str) -> str:
    """`html` with only TAGS, no attribute, and no script or style content."""
    return nh3.clean(html or "", tags=TAGS, attributes={}, clean_content_tags={"script", "style"}).strip()


def typed_html(text: str) -> str:
    """What an officer typed in a text box, as the tracker's HTML: each paragraph (text between
    blank lines) a <p>, a single line break a <br>. Tags they type are left for sanitise() to
    keep (TAGS) or drop, as for any text saved."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))]
    return "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs if part)
