"""plotly.js's own styles as a static file, so its charts draw under a Content-Security-Policy
that allows no inline style (settings.CONTENT_SECURITY_POLICY).

As it loads, plotly.js (the cartesian bundle we vendor, static/vendor/plotly/, `make assets`) writes
two <style> elements into the page, which the policy blocks: its global rules (the mode bar,
hover labels, notifiers) and the map library's. It skips each when an element with that
style's id is already in the page, and the global one only when that element has the class
"no-inline-styles" (plotly.js PR #7109). So templates/reports/_plotly.html loads
static/css/plotly.css, written by this module from the bundle's own rules, under the global
id, and names the map style's id on an empty <template> (we draw no maps).
plotly.js publishes no strict bundle and, since it moved to esbuild, no plotly.css (plotly.js
issue #7543); tests/reports/test_plotly_css.py fails when an upgrade of the bundle changes
either, until this is run again (`make assets` runs it):

    .venv/bin/python -m thurrock_kpi.plotly_css
"""

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
BUNDLE = STATIC / "vendor" / "plotly" / "plotly-cartesian.min.js"
CSS = STATIC / "css" / "plotly.css"

# The rules object of plotly.js's build/plotcss.js, as minified: {"X,X div":'…', …};for(…
RULES = re.compile(r'=(\{"X,X div":.*?\});for\(')
# One "selector": 'declarations' pair; the minifier leaves a plain name ("Y") unquoted.
STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
PAIR = re.compile(rf'(?:^|,|\{{)({STRING}|[A-Za-z_$][\w$]*):({STRING})')
# Styles plotly.js writes unless an element of that id exists: the map library's, by its hash.
GUARDED_STYLE = re.compile(r'document\.getElementById\("([^"]+)"\)\)\{var \w+=document\.createElement\("style"\)')
# Each trace module the bundle registers: {moduleType:"trace",name:"scatter",...}.
TRACE_MODULE = re.compile(r'moduleType:"trace",name:"(\w+)"')
# "plotly.js v4.1.1", or a partial bundle's "plotly.js (cartesian - minified) v4.1.1".
VERSION = re.compile(r"plotly\.js (?:\([^)]*\) )?v([\d.]+)")


def global_rules(bundle: str) -> list[tuple[str, str]]:
    """(selector, declarations) as plotly.js adds them, X and Y expanded as it does."""
    pairs = [(unquoted(key), unquoted(value)) for key, value in PAIR.findall(RULES.search(bundle).group(1))]
    return [(re.sub(r"^,", " ,", selector).replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier"),
             declarations) for selector, declarations in pairs]


def unquoted(text: str) -> str:
    if text[:1] in ("'", '"'):
        text = re.sub(r"\\(.)", r"\1", text[1:-1])
    return text


def stylesheet(bundle: str) -> str:
    # plotly.js inserts each rule at the top of its sheet, so the last one it adds comes first.
    version = VERSION.search(bundle).group(1)
    rules = "\n".join(f"{selector} {{ {declarations} }}" for selector, declarations in reversed(global_rules(bundle)))
    return (f"/* plotly.js v{version}'s own styles, written by `python -m thurrock_kpi.plotly_css`: do not edit. */\n"
            f"{rules}\n")


def guarded_style_ids(bundle: str) -> list[str]:
    return GUARDED_STYLE.findall(bundle)


def trace_types(bundle: str) -> set[str]:
    """The trace types the bundle can draw: a partial bundle leaves the others out."""
    return set(TRACE_MODULE.findall(bundle))


if __name__ == "__main__":
    bundle = BUNDLE.read_text()
    CSS.write_text(stylesheet(bundle))
    print(f"wrote {CSS}; ids of styles to mark as present: {', '.join(guarded_style_ids(bundle))}")
