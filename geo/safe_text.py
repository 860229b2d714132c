"""Untrusted text made safe for the context it lands in.

Article text, metadata and data files are untrusted. Folium and branca render every element
through Jinja, and a MacroElement's rendered output is compiled as a Jinja template a second
time when the page is assembled, so text that reaches a template must be inert for Jinja as
well as for HTML and JavaScript. Three helpers cover every context the map uses:

- :func:`script_json`: data for a ``<script>``: JSON whose strings hold no character that
  HTML, a JS template literal or Jinja could read as code (``< > & ' ` $ { } % #``,
  line separators and lone surrogates are ``\\u`` escapes). ``JSON.parse``-equal to the input.
- :func:`html_text`: text for HTML that folium's own templates write (layer control names):
  HTML-escaped, with the characters Jinja and JS template literals read as entities.
- :func:`safe_url`: an http(s) url with a host, or None.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from urllib.parse import unquote_to_bytes, urlsplit

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
# Outside strings, compact JSON never writes {{, {% or {# (an object opens with `{"` or `{}`).
_UNSAFE_IN_STRING = re.compile("[<>&'`$%#{}\u2028\u2029\ud800-\udfff]")
_HTML_EXTRA = str.maketrans({"{": "&#123;", "}": "&#125;", "`": "&#96;", "$": "&#36;"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]")

# One table for a whole string: what json.dumps escapes (quote, backslash, control
# characters, written as json writes them) and what HTML, JS and Jinja could read as code.
_STRING_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&'`$%#{}\u2028\u2029"}
_STRING_ESCAPES.update({code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)})
_STRING_ESCAPES.update({code: f"\\u{code:04x}" for code in range(0x20)})
_STRING_ESCAPES.update(
    {ord(c): e for c, e in json.encoder.ESCAPE_DCT.items() if c in '"\\\b\f\n\r\t'}
)


def _escape_chars(match: re.Match) -> str:
    return _UNSAFE_IN_STRING.sub(lambda c: f"\\u{ord(c.group()):04x}", match.group())


_NEEDS_ESCAPE = re.compile("[\"\\\\<>&'`$%#{}\u2028\u2029\x00-\x1f\ud800-\udfff]")


def _encode_string(text: str) -> str:
    # Most strings need no escape; a search is cheaper than translating every character.
    if _NEEDS_ESCAPE.search(text) is None:
        return '"' + text + '"'
    return '"' + text.translate(_STRING_ESCAPES) + '"'


def _fail(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# json's C encoder, given a Python function for strings, escapes each string in one
# str.translate; this replaced a regular expression over the whole text (1.6 s at 10,000
# claims). Without the C encoder (other Pythons), the regular expression is the fallback.
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)


def script_json(value: object) -> str:
    """JSON for a ``<script>`` block that neither HTML, JS nor Jinja can read as code.

    Parameters
    ----------
    value : object
        Anything ``json.dumps`` accepts (no NaN).

    Returns
    -------
    str
        A compact JSON text; ``json.loads`` of it equals ``value``.
    """
    if _C_ENCODER is not None:
        encode = _C_ENCODER({}, _fail, _encode_string, None, ":", ",", False, False, False)
        return "".join(encode(value, 0))
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_STRING.sub(_escape_chars, text)


def html_text(value: object) -> str:
    """Text for an HTML context that a folium template writes: escaped, Jinja- and JS-inert."""
    return html.escape("" if value is None else str(value), quote=True).translate(_HTML_EXTRA)


def safe_url(url: object) -> str | None:
    """The url if it is an http(s) url with a host and no whitespace or control character.

    Parameters
    ----------
    url : object
        A url as found in the data.

    Returns
    -------
    str or None
        The url unchanged, or None where a link to it could run script or mislead.
    """
    if not isinstance(url, str) or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def readable_url(url: str) -> str:
    """``url`` as a reader would type it: percent-escapes of non-ASCII letters decoded
    ("ru.wikipedia.org/wiki/Железная_дорога", not "%D0%96%D0%B5..."), for display only.

    ASCII escapes ("%2F", "%20") stay as they are, and so does any run of escapes that is not
    valid UTF-8 or decodes to a space, control or format character (a bidi override could
    make the shown address differ from the link).
    """
    return _HIGH_ESCAPES.sub(_decoded_run, url) if "%" in url else url


_HIGH_ESCAPES = re.compile(r"(?:%[89a-fA-F][0-9a-fA-F])+")


def _decoded_run(match: re.Match) -> str:
    try:
        text = unquote_to_bytes(match.group(0)).decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)
    if any(unicodedata.category(c)[0] in "CZ" for c in text):
        return match.group(0)
    return text


_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_text(value: object) -> str:
    """Text for a Markdown context (Streamlit labels, captions): every ASCII punctuation
    character backslash-escaped, as CommonMark allows, so links, images, HTML and
    emphasis in data text show as the characters they are."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if value is None else str(value)).replace("\n", " ")
