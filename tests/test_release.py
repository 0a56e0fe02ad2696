"""What the cache keeps is keyed by the release as well as the data (thurrock_kpi/release.py):
after a deploy of new code or templates, nothing an older release kept in Redis is served."""

import os
import subprocess
import sys

from django.conf import settings

from thurrock_kpi import release


def a_release(root, page="<h1>{{ title }}</h1>"):
    (root / "templates" / "reports").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "reports" / "table.html").write_text(page)
    (root / "reports").mkdir(exist_ok=True)
    (root / "reports" / "views.py").write_text("def table(request): ...\n")
    return release.digest(root)


def test_a_changed_template_or_file_is_another_release_and_nothing_else_is(tmp_path):
    first = a_release(tmp_path)
    assert a_release(tmp_path) == first
    (tmp_path / "reports" / "__pycache__").mkdir()
    (tmp_path / "reports" / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\0compiled")
    (tmp_path / "reports" / "notes.md").write_text("not part of a page")
    assert release.digest(tmp_path) == first
    assert a_release(tmp_path, page="<h1>{{ title }}</h1><p>new</p>") != first
    a_release(tmp_path)
    (tmp_path / "reports" / "views.py").write_text("def table(request): return None\n")
    assert release.digest(tmp_path) != first


def test_the_shared_cache_keys_carry_the_running_release():
    assert release.digest(settings.BASE_DIR, static_names="plain") == settings.RELEASE  # tests: STATIC_MANIFEST=False
    environment = {**os.environ, "REDIS_URL": "redis://127.0.0.1:1/0", "CACHE_KEY_PREFIX": "council"}
    prefix = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "thurrock_kpi.settings"}, cwd=settings.BASE_DIR,
        capture_output=True, text=True, check=True).stdout.strip()
    assert prefix == f"council:{settings.RELEASE}"


def test_a_changed_stylesheet_or_script_is_another_release(tmp_path):
    """A cached page names its CSS and scripts; after they change, its old copy is not served."""
    first = a_release(tmp_path)
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "site.css").write_text("body { color: black }")
    with_css = release.digest(tmp_path)
    assert with_css != first
    (tmp_path / "static" / "css" / "site.css").write_text("body { color: navy }")
    assert release.digest(tmp_path) != with_css


def test_hashed_and_plain_static_names_are_different_releases(tmp_path):
    """A page cached by a DEBUG server (plain names) is never served by a production one (hashed)."""
    a_release(tmp_path)
    assert release.digest(tmp_path, static_names="hashed") != release.digest(tmp_path, static_names="plain")
