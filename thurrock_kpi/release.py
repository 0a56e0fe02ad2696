"""Which release of the product is running: a digest of its code, templates and static files.

What reports.cache keeps is keyed by it as well as by the data's token. Redis outlives a
deploy, and the data's token does not change with the code: without it, new templates and
code would serve pages (and unpickle scorecards) that the release before had made, until the
next change of the data. Static files count too: a cached page names the CSS and scripts it
loads (by their content's hash in production), and after a deploy those names are the old
release's."""

import hashlib
from pathlib import Path

# What makes a page, under the project's root.
PARTS = ("kpis", "reports", "plan", "scrutiny", "thurrock_kpi", "templates", "static")
KINDS = {".py", ".html", ".txt", ".css", ".js", ".svg"}


def digest(root: Path, parts=PARTS, static_names: str = "") -> str:
    """A short digest of every source, template and static file under `parts` of `root`: their
    paths and contents, in a fixed order (some 250 files, read once as the settings load), and
    how static files are named (`static_names`: "hashed" or "plain")."""
    sha = hashlib.sha256(static_names.encode() + b"\0")
    for part in parts:
        for path in sorted((root / part).rglob("*")):
            if path.suffix in KINDS and path.is_file() and "__pycache__" not in path.parts:
                sha.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()[:12]
