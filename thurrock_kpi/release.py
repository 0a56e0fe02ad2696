"""Which release of the product is running: a digest of its code and templates.

What reports.cache keeps is keyed by it as well as by the data's token. Redis outlives a
deploy, and the data's token does not change with the code: without it, new templates and
code would serve pages (and unpickle scorecards) that the release before had made, until the
next change of the data."""

import hashlib
from pathlib import Path

PARTS = ("kpis", "reports", "thurrock_kpi", "templates")  # what makes a page, under the project's root
KINDS = {".py", ".html", ".txt"}


def digest(root: Path, parts=PARTS) -> str:
    """A short digest of every source and template file under `parts` of `root`: their paths
    and contents, in a fixed order (some 200 files, read once as the settings load)."""
    sha = hashlib.sha256()
    for part in parts:
        for path in sorted((root / part).rglob("*")):
            if path.suffix in KINDS and path.is_file() and "__pycache__" not in path.parts:
                sha.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()[:12]
