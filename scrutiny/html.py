"""The tracker's texts are the council's HTML: paragraphs and lists, kept as they are; anything
else (scripts, styles, links, attributes, event handlers) is dropped by nh3 (the Ammonia
sanitiser), every time a text is saved. Pages then show the stored text as it is."""

import nh3

# What the council's tracker uses, and what an officer writing a progress update needs.
TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "sup", "sub"}


def sanitise(html: str) -> str:
    """`html` with only TAGS, no attribute, and no script or style content."""
    return nh3.clean(html or "", tags=TAGS, attributes={}, clean_content_tags={"script", "style"}).strip()
