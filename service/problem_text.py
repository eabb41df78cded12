"""Validation reasons in the page's language.

The validator (``indexer.records``, ``indexer.importing``) words its reasons in English, the language of the
command line and of the API's error bodies, which other programs read. The staff pages show the same reasons
translated: each kind of reason is recognised here by its pattern and rewritten from the page's catalog,
with the values it names (a field's length, a date, a line) kept. A reason no pattern knows is shown as
the validator wrote it.
"""

from __future__ import annotations

import re

from service.i18n import N_, PageLanguage

# (pattern of the English reason, catalog message with the pattern's named groups as %(name)s)
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"unknown field", N_("unknown field")),
        (r"required field is missing", N_("required field is missing")),
        (r"must not be empty", N_("must not be empty")),
        (
            r"wrong type: expected (?P<expected>a string|a list|an object), got (?P<got>\w+)",
            N_("wrong type: expected %(expected)s, got %(got)s"),
        ),
        (r"(?P<value>.+) is not one of (?P<choices>.+)", N_("%(value)s is not one of %(choices)s")),
        (
            r"(?P<value>.+) is not a partial ISO date \(1921, 1921-03 or 1921-03-05\)",
            N_("%(value)s is not a partial ISO date (1921, 1921-03 or 1921-03-05)"),
        ),
        (
            r"year (?P<year>\d+) is out of range \(1800-2100\)",
            N_("year %(year)s is out of range (1800-2100)"),
        ),
        (r"month (?P<month>\d+) does not exist", N_("month %(month)s does not exist")),
        (
            r"day (?P<day>\d+) does not exist in (?P<month>[\d-]+)",
            N_("day %(day)s does not exist in %(month)s"),
        ),
        (
            r"must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'",
            N_("must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'"),
        ),
        (r"String should have at most (?P<n>\d+) characters?", N_("at most %(n)s characters")),
        (
            r"List should have at most (?P<n>\d+) items? after validation, not (?P<m>\d+)",
            N_("at most %(n)s entries, not %(m)s"),
        ),
        (r"must be a web address: http://… or https://…", N_("must be a web address: http://… or https://…")),
        (
            r"not UTF-8 \(byte (?P<byte>\d+)\): the file seems to be in Windows-1251 \(Cyrillic\); "
            r"save it as UTF-8",
            N_(
                "not UTF-8 (byte %(byte)s): the file seems to be in Windows-1251 (Cyrillic); save it as UTF-8"
            ),
        ),
        (
            r"not UTF-8 \(byte (?P<byte>\d+)\): the file seems to be in another encoding; save it as UTF-8",
            N_("not UTF-8 (byte %(byte)s): the file seems to be in another encoding; save it as UTF-8"),
        ),
        (
            r"a value in column (?P<n>\d+), which has no name in the header \(its first line\)",
            N_("a value in column %(n)s, which has no name in the header (its first line)"),
        ),
        (r"not UTF-8 \(byte (?P<byte>\d+)\)", N_("not UTF-8 (byte %(byte)s)")),
        (r"not UTF-8: .*", N_("not UTF-8")),
        (r"not valid JSON: (?P<detail>.+)", N_("not valid JSON: %(detail)s")),
        (
            r"duplicate id (?P<id>'.*'): also on (?P<file>.+) line (?P<line>\d+)",
            N_("duplicate id %(id)s: also on %(file)s line %(line)s"),
        ),
        (r"unknown column (?P<name>.+)", N_("unknown column %(name)s")),
        (r"more cells than the header has columns", N_("more cells than the header has columns")),
        (r"a record must be a JSON object", N_("a record must be a JSON object")),
        (r"no such file", N_("no such file")),
        (r"malformed CSV: (?P<detail>.+)", N_("malformed CSV: %(detail)s")),
        (
            r"an item has (?P<n>\d+) '\|'-separated parts; at most (?P<m>\d+)",
            N_("an item has %(n)s parts separated by '|'; at most %(m)s"),
        ),
        (
            r"(?P<date>[\d-]+) is before the birth date \((?P<birth>[\d-]+)\)",
            N_("%(date)s is before the birth date (%(birth)s)"),
        ),
        (
            r"(?P<date>[\d-]+) is before the start of the stay \((?P<start>[\d-]+)\)",
            N_("%(date)s is before the start of the stay (%(start)s)"),
        ),
        (r"(?P<date>[\d-]+) is in the future", N_("%(date)s is in the future")),
        (
            r"(?P<date>[\d-]+) is after the end of the war \((?P<end>[\d-]+)\)",
            N_("%(date)s is after the end of the war (%(end)s)"),
        ),
        (
            r"(?P<date>[\d-]+) is after the death date \((?P<death>[\d-]+)\)",
            N_("%(date)s is after the death date (%(death)s)"),
        ),
        (
            r"the quoted cell is not closed: no closing quote before the end of the file",
            N_("the quoted cell is not closed: no closing quote before the end of the file"),
        ),
        (
            r"the quoted cell is not closed: no closing quote within (?P<n>\d+) characters",
            N_("the quoted cell is not closed: no closing quote within %(n)s characters"),
        ),
        (
            r"text follows a quoted cell's closing quote \(a quote inside the cell is doubled\)",
            N_("text follows a quoted cell's closing quote (a quote inside the cell is doubled)"),
        ),
    )
)
# Words the reasons quote from the validator's own vocabulary.
_KINDS = {"a string": N_("a string"), "a list": N_("a list"), "an object": N_("an object")}
# What the validator names in place of a field when a problem is the whole line's or the whole file's.
_NOT_A_FIELD = {"(line)": N_("(line)"), "(file)": N_("(file)")}


def translated_field(field: str, lang: PageLanguage) -> str:
    """A problem's field as a page shows it: a field's or column's name as it is (the import format's,
    the same in every language), the validator's "(line)" and "(file)" translated."""
    message = _NOT_A_FIELD.get(field)
    return lang.gettext(message) if message else field


def translated_reason(reason: str, lang: PageLanguage) -> str:
    """``reason`` in the page's language (or as written, if no pattern knows it)."""
    for pattern, message in _REASONS:
        found = pattern.fullmatch(reason)
        if found is None:
            continue
        values = found.groupdict()
        if "expected" in values:
            kind = _KINDS[values["expected"]]  # looked up first: an extractor would read a literal inside
            values["expected"] = lang.gettext(kind)
        if "choices" in values:
            # 'm' or 'f': the last choice is joined by the validator's English "or"
            values["choices"] = values["choices"].replace(" or ", " " + lang.pgettext("choices", "or") + " ")
        return lang.gettext(message) % values
    return reason
