"""Form widgets written by Python instead of Django's per-widget templates.

A month sheet of 100 indicators has some 800 widgets, and Django renders each through its own
template and an included one for its attributes (a select includes one more per option): that
was 40 % of the page's time. The HTML written here is the HTML those templates write, byte for
byte (tests/test_widgets.py renders both and compares); any other template, such as the
admin's own widgets, is rendered by Django as before."""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape as e
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
# The templates that only include input.html.
INPUTS = {f"{WIDGETS}{name}.html" for name in (
    "text", "hidden", "checkbox", "number", "email", "password", "url", "search", "tel")}


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: True is written bare, False left out."""
    return "".join(f" {e(name)}" if value is True else f' {e(name)}="{e(str(value))}"'
                   for name, value in attrs.items() if value is not False)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{e(str(widget["value"]))}"'
    return f'<input type="{e(widget["type"])}" name="{e(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = e(localize(widget["value"])) if widget["value"] else ""
    return f'<textarea name="{e(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    # The template file's own last line break is kept by the {% include %} that writes it.
    return (f'<option value="{e(str(option["value"]))}"{_attrs(option["attrs"])}>'
            f'{e(localize(option["label"]))}</option>\n')


def _select(widget: dict) -> str:
    parts = [f'<select name="{e(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{e(localize(group_name))}">')
        parts += [f"\n  {_option(option)}" for option in options]
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


WRITERS = {**dict.fromkeys(INPUTS, _input), f"{WIDGETS}textarea.html": _textarea, f"{WIDGETS}select.html": _select}
OPTION = f"{WIDGETS}select_option.html"


class Renderer(DjangoTemplates):
    """settings.FORM_RENDERER: the common widgets in Python, everything else by its template."""

    def render(self, template_name, context, request=None):
        write, widget = WRITERS.get(template_name), context.get("widget")
        if write is None or widget is None or not _options_plain(widget):
            return super().render(template_name, context, request)
        # Bandit B308/B703, no XSS: each writer escapes every name, value and attribute with e(), as the templates do.
        return mark_safe(write(widget))  # nosec


def _options_plain(widget: dict) -> bool:
    """A select whose options are written by Django's own option template (or no select)."""
    return all(option["template_name"] == OPTION for _, options, _ in widget.get("optgroups", ()) for option in options)
