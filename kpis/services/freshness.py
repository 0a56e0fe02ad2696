"""Every write a page could show changes the data's tokens (kpis.models.DataVersion), inside
its own transaction, so what reports.cache keeps is reused until, and only until, its data
changes.

Saving or deleting one record of a model the pages read changes them through the signals
below (the month sheet, approval, return, locks, In Focus, the admin). Writing in bulk
(bulk_create, bulk_update, QuerySet.update or delete) sends no signal: whoever does it calls
`changed` itself (kpis.services.imports does)."""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

from django.db.models.signals import post_delete, post_save, pre_save

from kpis import models

# Models whose every change is public: each is read by the public pages as it is.
PUBLIC = (
    models.Indicator, models.Portfolio, models.Directorate, models.ReportingYear, models.Target, models.Outturn,
    models.Benchmark, models.PublishedValue, models.PublishedSummary, models.FocusIndicator, models.QuarterLock,
    models.QuarterPublication, models.ChangeOfProcess,
)
# Models whose changes are public only when they touch what is published: a reading that is
# or was approved, a commentary's approved words. A draft changes the working token alone.
PUBLISHED_PART = {
    models.Reading: lambda reading: (
        (reading.indicator_id, reading.month, reading.value, reading.numerator, reading.denominator, reading.flag)
        if reading.state == models.Reading.State.APPROVED else None
    ),
    models.Commentary: lambda commentary: commentary.published_text or None,
}
_READ = {  # the fields PUBLISHED_PART reads
    models.Reading: {"state", "indicator_id", "month", "value", "numerator", "denominator", "flag"},
    models.Commentary: {"published_text"},
}


def changed(*, public: bool = True):
    """New tokens: `working` always, `public` too unless only unpublished work changed."""
    token = uuid.uuid4().hex
    tokens = {"working": token, "public": token} if public else {"working": token}
    if not models.DataVersion.objects.filter(pk=1).update(**tokens):  # emptied by a flush or a restore
        models.DataVersion.objects.update_or_create(pk=1, defaults={"public": token, "working": token})


_together: ContextVar[dict | None] = ContextVar("together", default=None)


@contextmanager
def together():
    """The saves and deletes inside change the tokens at most twice, not once each: a month of
    100 figures is one write of the tokens. The first write changes them at once (the public
    one too if it was public), and a later one only to add the public token: nothing is left
    to do when the block ends, so an exception, caught or not, never skips it. Use it inside the
    writer's transaction, so the tokens change with what was written (and not if it fails)."""
    outer = _together.set({"any": False, "public": False})
    try:
        yield
    finally:
        _together.reset(outer)


def _noted(*, public: bool):
    done = _together.get()
    if done is None:
        changed(public=public)
    elif not done["any"] or public and not done["public"]:
        changed(public=public)
        done["any"], done["public"] = True, done["public"] or public


def _public_changed(sender, instance, **kwargs):
    _noted(public=True)


def _remember_published_part(sender, instance, **kwargs):
    """What was published before this save: from the values the instance was read with
    (kpis.models.RemembersLoaded), or read again when it was not read whole."""
    loaded = getattr(instance, "_loaded", None)
    if instance.pk is None:
        before = None
    elif loaded is not None and _READ[sender] <= loaded.keys():
        before = SimpleNamespace(**loaded)
    else:
        before = sender.objects.filter(pk=instance.pk).first()
    instance._published_before = PUBLISHED_PART[sender](before) if before else None


def _part_saved(sender, instance, **kwargs):
    instance._loaded = None  # what it was read with is no longer what the database holds
    _noted(public=PUBLISHED_PART[sender](instance) != getattr(instance, "_published_before", None))


def _part_deleted(sender, instance, **kwargs):
    _noted(public=PUBLISHED_PART[sender](instance) is not None)


def connect():
    """Called once, from kpis.apps."""
    for model in PUBLIC:
        post_save.connect(_public_changed, sender=model, dispatch_uid=f"freshness-save-{model.__name__}")
        post_delete.connect(_public_changed, sender=model, dispatch_uid=f"freshness-delete-{model.__name__}")
    for model in PUBLISHED_PART:
        pre_save.connect(_remember_published_part, sender=model, dispatch_uid=f"freshness-before-{model.__name__}")
        post_save.connect(_part_saved, sender=model, dispatch_uid=f"freshness-save-{model.__name__}")
        post_delete.connect(_part_deleted, sender=model, dispatch_uid=f"freshness-delete-{model.__name__}")
