"""The settings as production gets them: from the environment and .env, each loaded fresh in a
process of its own, as manage.py and gunicorn load them. The production configuration is the one
README.md's "Production" section documents, read from there."""

import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys

import pytest
from dotenv import dotenv_values

from tests.settings import TEST_ENVIRONMENT
from thurrock_kpi.settings import BASE_DIR

README = BASE_DIR / "README.md"
SHOWN = ["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT",
         "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
         "CSRF_COOKIE_SECURE", "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_AGE",
         "AXES_IPWARE_PROXY_COUNT", "AXES_IPWARE_META_PRECEDENCE_ORDER", "STORAGES", "SILENCED_SYSTEM_CHECKS"]


def documented_production() -> dict:
    """The .env README.md's "Production" section shows, with a key made as it says to make one."""
    section = README.read_text().split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```ini\n(# \.env.*?)```", section, re.DOTALL).group(1)
    values = dotenv_values(stream=io.StringIO(block))
    assert values["SECRET_KEY"] == "", "the README leaves the key to be made, never shows one"
    return {**values, "SECRET_KEY": secrets.token_urlsafe(50)}


def environment(**variables) -> dict:
    """This process's environment less what the test run adds (tests/settings.py), plus `variables`."""
    env = {name: value for name, value in os.environ.items()
           if name not in TEST_ENVIRONMENT and name not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    # The database and Redis of this run, not the README's example hosts (nothing here connects).
    keep = {name: os.environ[name] for name in ("DATABASE_URL", "REDIS_URL") if name in os.environ}
    env.update(variables)
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return {**env, **keep, "DJANGO_SETTINGS_MODULE": "thurrock_kpi.settings"}


def loaded(env, cwd=BASE_DIR) -> subprocess.CompletedProcess:
    code = ("import json; from django.conf import settings as s; "
            f"print(json.dumps({{name: getattr(s, name) for name in {SHOWN!r}}}, default=list))")
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=60)


def settings_in(env, cwd=BASE_DIR) -> dict:
    finished = loaded(env, cwd)
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_check_deploy_is_silent_in_the_documented_production_configuration():
    finished = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
                              env=environment(**documented_production()), cwd=BASE_DIR,
                              capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert finished.stdout.strip() == "System check identified no issues (0 silenced).", finished.stdout
    assert finished.stderr == ""


def test_production_is_secure_as_documented():
    production = settings_in(environment(**documented_production()))
    assert production["DEBUG"] is False
    assert production["SILENCED_SYSTEM_CHECKS"] == []
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] == 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is production["SECURE_HSTS_PRELOAD"] is True
    assert production["SESSION_COOKIE_SECURE"] is production["CSRF_COOKIE_SECURE"] is True
    assert production["CSRF_TRUSTED_ORIGINS"] == ["https://kpi.example.gov.uk"]
    assert production["AXES_IPWARE_PROXY_COUNT"] == 0
    assert production["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert production["SESSION_COOKIE_AGE"] <= 8 * 60 * 60


def test_production_serves_static_files_from_the_collected_manifest():
    production = settings_in(environment(**documented_production()))
    assert production["STORAGES"]["staticfiles"]["BACKEND"] == "thurrock_kpi.storage.StaticFiles"
    demo = settings_in(environment(DEBUG="True"))
    assert demo["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedStaticFilesStorage"


def test_the_suite_serves_static_files_without_collectstatic(settings):
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedStaticFilesStorage"


def test_debug_is_off_unless_asked_for():
    assert settings_in(environment(SECRET_KEY=secrets.token_urlsafe(50)))["DEBUG"] is False
    assert settings_in(environment(SECRET_KEY=secrets.token_urlsafe(50), DEBUG=""))["DEBUG"] is False
    assert settings_in(environment(DEBUG="True"))["DEBUG"] is True


def test_without_debug_it_refuses_to_start_without_a_secret_key():
    for missing in ({}, {"SECRET_KEY": ""}):
        finished = loaded(environment(**missing))
        assert finished.returncode != 0
        assert "ImproperlyConfigured: SECRET_KEY is not set." in finished.stderr
    refused = subprocess.run([sys.executable, "manage.py", "check"], env=environment(), cwd=BASE_DIR,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    assert "SECRET_KEY is not set. Set it in the environment or in .env" in refused.stderr


def test_without_debug_a_short_or_blank_secret_key_is_refused_too():
    for weak in ("   ", "short", "x" * 49):
        finished = loaded(environment(SECRET_KEY=weak))
        assert finished.returncode != 0
        assert "ImproperlyConfigured: SECRET_KEY is" in finished.stderr, weak


@pytest.mark.parametrize("written", ["HTTP_X_FORWARDED_PROTO", "X-Forwarded-Proto: https", "X_Forwarded Proto",
                                     "http-x-forwarded-proto"])
def test_a_proxy_header_a_client_could_forge_or_that_never_matches_is_refused(written):
    """Django's spelling would become HTTP_HTTP_X_FORWARDED_PROTO: a header any client can send
    (HTTP-X-Forwarded-Proto) and no proxy strips, so every visitor could claim HTTPS."""
    finished = loaded(environment(SECRET_KEY=secrets.token_urlsafe(50), SECURE_PROXY_SSL_HEADER=written))
    assert finished.returncode != 0
    assert "ImproperlyConfigured: SECURE_PROXY_SSL_HEADER=" in finished.stderr


def test_with_debug_off_and_nothing_else_set_cookies_are_secure_and_no_proxy_is_trusted():
    defaults = settings_in(environment(SECRET_KEY=secrets.token_urlsafe(50)))
    assert defaults["SESSION_COOKIE_SECURE"] is defaults["CSRF_COOKIE_SECURE"] is True
    assert defaults["SECURE_PROXY_SSL_HEADER"] is None  # a header a client could send is not believed
    assert defaults["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]
    assert defaults["SECURE_SSL_REDIRECT"] is False  # would loop behind a proxy not yet named
    assert defaults["SECURE_HSTS_SECONDS"] == 0
    demo = settings_in(environment(DEBUG="True"))
    assert demo["SESSION_COOKIE_SECURE"] is demo["CSRF_COOKIE_SECURE"] is False  # http://127.0.0.1


def test_a_dotenv_file_is_read_and_the_real_environment_wins(tmp_path):
    """A copy of the project's settings package with a .env beside it, as a server has one."""
    shutil.copytree(BASE_DIR / "thurrock_kpi", tmp_path / "thurrock_kpi",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / ".env").write_text(
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        "ALLOWED_HOSTS=from-dotenv.example.gov.uk\n"
        "SESSION_COOKIE_AGE=1800   # half an hour\n")
    read = settings_in(environment(), cwd=tmp_path)
    assert read["ALLOWED_HOSTS"] == ["from-dotenv.example.gov.uk"]
    assert read["SESSION_COOKIE_AGE"] == 1800
    assert read["SECRET_KEY"] != ""
    overridden = settings_in(environment(ALLOWED_HOSTS="from-environment.example.gov.uk"), cwd=tmp_path)
    assert overridden["ALLOWED_HOSTS"] == ["from-environment.example.gov.uk"]
    assert overridden["SESSION_COOKIE_AGE"] == 1800


@pytest.mark.parametrize("variable, value, setting, expected", [
    ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto", "SECURE_PROXY_SSL_HEADER", ["HTTP_X_FORWARDED_PROTO", "https"]),
    ("SECURE_SSL_REDIRECT", "true", "SECURE_SSL_REDIRECT", True),
    ("SECURE_HSTS_SECONDS", "3600", "SECURE_HSTS_SECONDS", 3600),
    ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1", "SECURE_HSTS_INCLUDE_SUBDOMAINS", True),
    ("SECURE_HSTS_PRELOAD", "yes", "SECURE_HSTS_PRELOAD", True),
    ("SESSION_COOKIE_SECURE", "False", "SESSION_COOKIE_SECURE", False),
    ("CSRF_COOKIE_SECURE", "False", "CSRF_COOKIE_SECURE", False),
    ("CSRF_TRUSTED_ORIGINS", "https://a.example, https://b.example", "CSRF_TRUSTED_ORIGINS",
     ["https://a.example", "https://b.example"]),
    ("SESSION_COOKIE_AGE", "900", "SESSION_COOKIE_AGE", 900),
    ("AXES_IPWARE_PROXY_COUNT", "1", "AXES_IPWARE_PROXY_COUNT", 1),
    ("AXES_IPWARE_META_PRECEDENCE_ORDER", "HTTP_X_REAL_IP", "AXES_IPWARE_META_PRECEDENCE_ORDER", ["HTTP_X_REAL_IP"]),
    # Left empty in .env: the default, never python-ipware's own list of headers a client could write.
    ("AXES_IPWARE_META_PRECEDENCE_ORDER", "", "AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"]),
])
def test_each_security_setting_comes_from_the_environment(variable, value, setting, expected):
    assert settings_in(environment(SECRET_KEY=secrets.token_urlsafe(50), **{variable: value}))[setting] == expected
