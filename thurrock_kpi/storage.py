"""Static files as production serves them: whitenoise's compressed manifest storage (gzip and
brotli copies, names carrying each file's hash), with the names inside JavaScript modules'
`import` statements rewritten too. static/js/govuk-init.js imports GOV.UK Frontend's ES module;
without this the browser fetched that module by its plain name, uncompressed and barely cached."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
