"""Bytes to text: what kind of content it is, and which character set it is in.

Order of evidence for the character set: a byte-order mark, the charset the
server declared (HTTP header), the page's own declaration (`<meta charset>`,
`<meta http-equiv>`, `<?xml encoding?>`), valid UTF-8, then
charset-normalizer's detection. Labels follow the WHATWG Encoding Standard,
where 'iso-8859-1', 'latin1' and 'ascii' mean windows-1252, as browsers read
them.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-cp1252": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
#: Codecs Python knows that no web page or text file is written in.
_NOT_CHARSETS = frozenset(
    {"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "mbcs", "oem", "palmos"}
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:+-]+)""",
    re.IGNORECASE,
)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a media file"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0", "an office document"),
    (b"\x7fELF", "an executable"),
)
_TYPE_NAMES = {
    "application/pdf": "a PDF document",
    "application/json": "JSON data",
    "application/ld+json": "JSON data",
    "application/xml": "XML data",
    "text/xml": "XML data",
    "application/rss+xml": "an RSS feed",
    "application/atom+xml": "an Atom feed",
    "application/octet-stream": "binary data",
    "application/zip": "a ZIP archive",
    "application/msword": "a Word document",
    "text/csv": "CSV data",
    "text/javascript": "JavaScript",
    "application/javascript": "JavaScript",
    "text/css": "a style sheet",
}


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label names no known codec."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _WHATWG_ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    # Only character sets: not bytes-to-bytes codecs (base64, hex, bz2, zlib), not
    # Python's host-name and escape codecs, not 'undefined' (which raises on any input).
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def media_type(content_type: str | None) -> str:
    """'text/html; charset=utf-8' -> 'text/html' ('' when absent)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def describe_type(mtype: str) -> str:
    """A person's name for a media type ('application/pdf' -> 'a PDF document')."""
    if mtype in _TYPE_NAMES:
        return _TYPE_NAMES[mtype]
    major = mtype.split("/", 1)[0]
    return {"image": "an image", "audio": "audio", "video": "video", "font": "a font"}.get(major, "")


def sniff(data: bytes) -> str:
    """'html', 'text', or a description of the binary content it is ('a PDF document')."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:2048]
    for bom, codec in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, "ignore").encode("utf-8", "ignore")
            break
    else:
        if b"\x00" in data[:8192]:
            return "binary data"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or re.search(
        rb"<(?:html|head|body|article|p|div)[\s>]", lowered
    ):
        return "html"
    return "text"


def _strict(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError):
        return None


def _detect(data: bytes, declared: str | None, html: bool) -> tuple[str, str | None]:
    """The codec (see `detect_charset`), and the text when a strict decode already read it."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return bom_codec, None
    candidates: list[str | None] = [codec_for(declared)]
    if html:
        m = _META_CHARSET.search(data[:8192])
        if m:
            candidates.append(codec_for((m.group(1) or m.group(2)).decode("ascii", "ignore")))
    candidates.append("utf-8")
    for codec in candidates:
        if codec and (text := _strict(data, codec)) is not None:
            return codec, text
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and (found := codec_for(best.encoding)):
        return found, None
    return next((c for c in candidates if c), "cp1252"), None


def detect_charset(data: bytes, declared: str | None = None, html: bool = True) -> str:
    """The codec to decode `data` with, from the evidence listed in the module docstring."""
    return _detect(data, declared, html)[0]


def decode(data: bytes, declared: str | None = None, html: bool = True) -> str:
    """Text of `data`; undecodable bytes (only when every strict attempt failed) become U+FFFD."""
    codec, text = _detect(data, declared, html)
    if text is None:  # else the strict attempt that chose the codec has decoded it already (most pages)
        text = data.decode(codec, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
