"""Which paragraphs and sentences are boilerplate: contact details, copyright, calls to action,
page furniture, staff names and repeated text. Marked, never removed."""

from __future__ import annotations

import re

from kread.index.reading.segment import PAGE_NUMBER, WORD, Para

_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming"
)
# An email address; it starts at a token's start, so a long token is scanned once, not per position.
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# Cues that make a sentence boilerplate, each a regex; they are searched as two alternations
# (one case-sensitive, one not), as one search per sentence is much faster than twenty.
# Contact details: a sentence with one is the page's contact block, not the article.
_CONTACT_CUES = (
    # phone numbers: (855) 588-1422, 385-287-1469, +1 555.123.4567, +44 20 7946 0958
    r"(?<![\w-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?![\w-])",
    r"\+\d{1,3}[\s.-]\(?\d{1,4}\)?(?:[\s.-]\d{2,4}){2,3}(?!\w)",
    _EMAIL,
    # street addresses: "7050 S Highland Drive", "12 Main St."
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w.'-]*\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Way|Court|Ct|"
    r"Place|Pl|Parkway|Pkwy|Highway|Hwy|Suite|Ste|Circle|Cir|Terrace|Square|Sq)\b",
    # a town and US state or state code with a zip code: "Cottonwood Heights, Utah 84121"
    rf",\s*(?:[A-Z]{{2}}|{_US_STATES})\.?\s+\d{{5}}(?:-\d{{4}})?\b",
)
_CONTACT_LABEL_CUES = (
    r"^(?:phone|tel|telephone|fax|call|text)\s*:",  # "Phone: ..."
    r"\bP\.?\s?O\.?\s+Box\s+\d+",  # "PO Box 12"
)
# Copyright lines.
_COPYRIGHT_CUES = (
    r"\u00a9|\(c\)\s*\d{4}",
    r"^\s*copyright\b|\bcopyright\s*(?:\(c\)|\d{4})",
    r"\ball\s+rights\s+reserved\b",
)
# Calls to action and sales lines of clinic and company pages.
_CALL_TO_ACTION_CUES = (
    # "Contact us", "call us", "email us", "visit us", "reach out to us"
    r"\b(?:contact|call|e-?mail|text|message|visit)\s+us\b",
    r"\breach\s+out\s+to\s+(?:us|our)\b",
    # an imperative "Contact/Call/Visit ... today/now": "Contact Alternative Pathways today"
    r"^(?:please\s+)?(?:contact|call|visit|e-?mail|text)\b.{0,60}?\b(?:today|now)\b",
    r"\bcall\s+(?:us\s+)?(?:today|now|24/7)\b",
    # booking: "schedule a (free) consultation", "book your assessment"
    r"\b(?:schedule|book|request|arrange)\s+(?:a|an|your)\s+(?:[\w-]+\s+){0,3}"
    r"(?:consultation|assessment)\b",
    r"\bget\s+(?:help|started)\s+(?:today|now|for\s+(?:yourself|you|your|a\s+loved))\b",
    r"^get\s+help\b",
    # reassurance pitched at the reader
    r"\bwe\s+can\s+help(?:\s+you)?\b|\blet\s+us\s+help\b",
    r"\b(?:we(?:'re|\u2019re|\s+are)|team\s+is)\s+(?:here\s+to\s+help|standing\s+by)\b",
    r"\bis\s+our\s+(?:top|first|number\s+one|#1)\s+priority\b",
    r"\bevery\s+step\s+of\s+the\s+way\b",
    # offers
    r"\b100\s*%\s+confidential\b|\bno\s+obligations?\b",
    r"\bfree\s+(?:consultation|assessment)\b|\bverify\s+(?:your\s+)?insurance\b",
    r"\bclick\s+here\b|\b(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our|the)\s+newsletter\b",
)


def _alternation(patterns: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), flags)


_SENTENCE_CUES = _alternation(_CONTACT_CUES)
_SENTENCE_CUES_ANY_CASE = _alternation(
    _CONTACT_LABEL_CUES + _COPYRIGHT_CUES + _CALL_TO_ACTION_CUES, re.IGNORECASE
)
# Page furniture: navigation, sharing and comment widgets, when that is the whole paragraph.
_FURNITURE_LINE = re.compile(
    r"(?i)back\s+to\s+(?:\w+\s+)?(?:articles?|blog|news|posts?|top|home|resources)"
    r"|(?:\d+\s+)?comments?|leave\s+a\s+(?:comment|reply)|no\s+comments(?:\s+yet)?"
    r"|share(?:\s+this)?(?:\s+(?:article|post|story|page))?(?:\s+(?:on|via)\s+\w+)?"
    r"|read\s+(?:more|next|the\s+full\s+(?:article|story))|continue\s+reading|(?:see|load|show)\s+more"
    r"|(?:posted|published|filed|written)\s+(?:in|on|by|under)\b.*|(?:tags?|categor(?:y|ies))\s*:.*"
    r"|related\s+(?:posts|articles|stories|reading)|you\s+(?:may|might)\s+also\s+like"
    r"|(?:previous|next|older|newer)\s+(?:post|article|story|entry)"
    r"|skip\s+to\s+(?:main\s+)?content|(?:main\s+)?menu|search|home|print|subscribe|sign\s+up"
    r"|log\s*in|sign\s+in|advertisement|sponsored(?:\s+content)?|follow\s+us(?:\s+on\s+.*)?"
    r"|table\s+of\s+contents"
)
# Words that make a short line a widget or badge: logos, review badges, social links.
_FURNITURE_WORDS = re.compile(
    r"(?i)\blogo\b|\bicon\b|\bbadge\b|\bgoogle\s+reviews?\b|\byelp\b|\btrustpilot\b"
    r"|\bfollow\s+us\b|\bshare\s+on\b"
)
_LINK = re.compile(rf"https?://\S+|www\.\S+|{_EMAIL}")
# A line of one to three names or initials ("Ethan Parry", "J. Smith"), no other punctuation.
_NAME_LINE = re.compile(r"(?:[^\W\d_](?:\.|[\w'\u2019-]*))(?:\s[^\W\d_](?:\.|[\w'\u2019-]*)){0,2}")
_FURNITURE_TRIM = " :|\u00bb\u203a>\u2022*-\u2013\u2014"


def mark_boilerplate(
    paras: list[Para], sentences: list[list[tuple[int, int]]], text: str, captions: list[bool]
) -> list[list[bool]]:
    """Per paragraph, per sentence: whether it is boilerplate (kept in the text, marked)."""
    marks: list[list[bool]] = []
    for spans in sentences:
        marks.append([_boilerplate_sentence(text[a:b]) for a, b in spans])

    seen: set[str] = set()
    # In text wrapped at a fixed width (a leaflet taken from a PDF), a short line that comes
    # back (the running head of each page) is furniture where it first appears too.
    running = _running_heads(paras)
    for index, para in enumerate(paras):
        body = para.text[para.marker :]
        words = len(WORD.findall(body))
        key = " ".join(WORD.findall(body.lower()))
        whole = (
            captions[index]
            or key in running
            or bool(PAGE_NUMBER.fullmatch(body.strip()))
            or (words <= 12 and bool(_FURNITURE_LINE.fullmatch(body.strip(_FURNITURE_TRIM))))
            or (words <= 8 and bool(_FURNITURE_WORDS.search(body)))
            or (bool(_LINK.search(body)) and len(WORD.findall(_LINK.sub("", body))) <= 2)
            # The same paragraph again (a repeated intro, a widget twice): the copy is boilerplate.
            or (words >= 3 and key in seen)
        )
        if words >= 3:
            seen.add(key)
        if whole:
            marks[index] = [True] * len(marks[index])

    _mark_name_tail(paras, marks)

    # A short paragraph inside a block of boilerplate (the blurb between a phone number and the
    # staff list) belongs to it.
    full = [all(m) for m in marks]
    for index in range(1, len(paras) - 1):
        between = full[index - 1] and full[index + 1] and not full[index]
        if between and len(marks[index]) <= 3 and len(WORD.findall(paras[index].text)) <= 60:
            marks[index] = [True] * len(marks[index])
    return marks


_RUNNING_HEAD_WORDS = 12


def _running_heads(paras: list[Para]) -> set[str]:
    """The short paragraphs of wrapped text that open two blocks or more, as their words."""
    counts: dict[str, int] = {}
    for index, para in enumerate(paras):
        opens = not index or paras[index - 1].block != para.block
        if para.mode == "wrapped" and opens and not para.marker:
            words = WORD.findall(para.text.lower())
            if 3 <= len(words) <= _RUNNING_HEAD_WORDS:
                key = " ".join(words)
                counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count >= 2}


def _boilerplate_sentence(sentence: str) -> bool:
    return bool(_SENTENCE_CUES.search(sentence) or _SENTENCE_CUES_ANY_CASE.search(sentence))


def _mark_name_tail(paras: list[Para], marks: list[list[bool]]) -> None:
    """Mark a list of names at the end of the document (staff, authors), looking back past
    other boilerplate. Mostly capitalised name lines make such a list when there are three or
    more, or two on adjacent lines, or a name repeats (pages often list a name twice)."""
    names: list[int] = []
    for index in range(len(paras) - 1, -1, -1):
        para = paras[index]
        if not para.marker and not para.pre and _NAME_LINE.fullmatch(para.text):
            names.append(index)
        elif not all(marks[index]):
            break
    if len(names) < 2:
        return
    capitalised = sum(all(w[0].isupper() for w in paras[i].text.split()) for i in names)
    distinct = {paras[i].text.casefold() for i in names}
    adjacent = len({paras[i].block for i in names}) < len(names)
    listed = len(names) >= 3 or adjacent or len(distinct) < len(names)
    if listed and capitalised * 2 >= len(names):
        for index in names:
            marks[index] = [True] * len(marks[index])
