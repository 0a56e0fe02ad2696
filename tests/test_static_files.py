"""Static files as production collects them (thurrock_kpi.storage.StaticFiles): every file a page
loads by a hashed, compressed name, the ES module govuk-init.js imports included."""

import io
import re

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

PRODUCTION = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
              "staticfiles": {"BACKEND": "thurrock_kpi.storage.StaticFiles"}}


def test_the_module_govuk_init_imports_is_named_by_its_hash_and_compressed(tmp_path):
    with override_settings(STORAGES=PRODUCTION, STATIC_ROOT=tmp_path):  # Django swaps the storage in and out
        call_command("collectstatic", "--noinput", stdout=io.StringIO())
        init = staticfiles_storage.stored_name("js/govuk-init.js")
        frontend = staticfiles_storage.stored_name("vendor/govuk-frontend/govuk-frontend.min.js")
    imported = re.search(r'import \{ initAll \} from "([^"]+)"', (tmp_path / init).read_text())[1]
    assert imported == "../vendor/govuk-frontend/" + frontend.rsplit("/", 1)[1]
    assert re.fullmatch(r"vendor/govuk-frontend/govuk-frontend\.min\.[0-9a-f]{12}\.js", frontend)
    assert (tmp_path / (frontend + ".gz")).exists()
