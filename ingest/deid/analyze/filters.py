"""Detections that are not identifiers: clinical terms, durations, and tags already in the text."""

from __future__ import annotations

import re

from ingest.deid.analyze.clinical_terms import (
    CN_CLINICAL_TERMS,
    DRUGS,
    EPONYM_FOLLOWERS,
    EPONYM_PHRASES,
    STRONG_EPONYMS,
    WEAK_EPONYMS,
    is_clinical_word,
    overlaps_cn_clinical_term,
    words,
)
from ingest.deid.analyze.recognizers.dates import MONTH, month_day_after_cue
from ingest.deid.analyze.recognizers.intl_address import extend_address
from ingest.deid.analyze.recognizers.regions import STATE_CODES, is_region
from ingest.deid.analyze.routing import has_cjk
from ingest.deid.model import Entity
from ingest.deid.replace.date_shift import SHIFTED_DATE, SHIFTED_MARK
from ingest.deid.replace.pseudonym import TAG_PATTERN
from ingest.deid.replace.surrogates import is_fake_surrogate

_NAME_LIKE = frozenset({"PERSON", "LOCATION"})
_CJK_OR_FULL_WIDTH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Names and places hold no slash or digit; a short all-caps token is an abbreviation (ED, RN, N, M).
_NOT_A_NAME = re.compile(r"[/\d]")
_SHORT_CAPS = re.compile(r"[A-Z]{1,3}\.?")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# "dr parkinson" is a doctor as much as "Dr. Parkinson"; "MS" (multiple sclerosis) is no title, and a full word
# with a dot ends a sentence ("ask your doctor. Hashimoto's is …").
_TITLE_BEFORE = re.compile(r"(?:\b(?:(?i:dr|mr|mrs|prof)\.?|(?i:professor|doctor|nurse)|Ms\.?|Miss|Mx\.?)\s*)$")
_DISEASE_NOUNS = words("disease syndrome sign palsy disorder thyroiditis lymphoma sarcoma phenomenon contracture s")

# A date that identifies has a day or a year next to a month, or is a numeric calendar date. Durations
# ("3 days", "10-12 weeks"), frequencies ("twice daily"), relative dates ("yesterday"), ages, times and
# bare years (allowed by HIPAA Safe Harbor) do not.
_MONTH_WITH_NUMBER = re.compile(
    rf"(?i:\b{MONTH}\s*\d|\d\s*(?:st|nd|rd|th)?\s*(?:of\s+)?{MONTH}|\b{MONTH},?\s+(?:19|20)\d{{2}})"
    r"|\d\s*年\s*\d{1,2}\s*月|\d\s*月\s*\d{1,2}\s*[日号]"
)
_DURATION = re.compile(
    r"(?i:\b(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|mos?|years?|yrs?|"
    r"daily|weekly|monthly|yearly|annually|old|ago)\b)"
)
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}[/.-]\d{1,2}(?:[/.-]\d{1,2})?|\d{1,2}/\d{2}|\d{2}/\d)(?!\d)"
)


_WEEKDAY = re.compile(r"^(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?:\s+(?i:morning|afternoon|evening|night))?$")


# "since sunday", "last Monday", "every friday": a weekday relative to now, not a day of the calendar.
_RELATIVE_BEFORE = re.compile(r"(?i:\b(?:since|last|next|this|every|each|until|till|by)\s+)$")


_DATE_WORD = re.compile(
    rf"(?i:{MONTH}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|of|the|[ap]\.?m\.?|noon|midnight|morning|afternoon|"
    r"evening|night)[.,]?"
)


def _date_end(text: str, start: int, end: int) -> int:
    """The end of a date detection without the words the model ran on past it ("oct 4 tasha | text …")."""
    if not any(c.isdigit() for c in text[start:end]):
        return end
    tokens = list(re.finditer(r"\S+", text[start:end]))
    while (
        len(tokens) > 1
        and not any(c.isdigit() for c in tokens[-1].group())
        and not _DATE_WORD.fullmatch(tokens[-1].group())
    ):
        tokens.pop()
    return start + tokens[-1].end()


def is_identifying_date(span: str) -> bool:
    if _MONTH_WITH_NUMBER.search(span) or _WEEKDAY.match(span.strip()):
        return True
    return _DURATION.search(span) is None and _NUMERIC_DATE.search(span) is not None


# A bare domain (no scheme, "www." or path) is a web address only with one of these top-level domains:
# "pain.my", "vaccination.co" or "normal.ac" are sentences joined without a space.
_BARE_DOMAIN_TLDS = words("com org net edu gov mil int io info biz us uk co.uk org.uk ac.uk nhs.uk")


# Public reference pages name no one: health sites, encyclopaedias, health authorities. A person's page
# (a photo share, a blog, a fundraiser, a profile) stays a URL.
_PUBLIC_HOSTS = words(
    """mayoclinic.org nhs.uk webmd.com wikipedia.org medlineplus.gov cdc.gov nih.gov who.int drugs.com
    rarediseases.org healthline.com medicalnewstoday.com clevelandclinic.org hopkinsmedicine.org uptodate.com
    merckmanuals.com msdmanuals.com patient.info nice.org.uk rxlist.com everydayhealth.com verywellhealth.com
    medscape.com pubmed.ncbi.nlm.nih.gov ncbi.nlm.nih.gov fda.gov ema.europa.eu cancer.org cancer.gov
    heart.org diabetes.org arthritis.org asthma.org.uk kidney.org alz.org mind.org.uk nami.org
    baike.baidu.com baike.com dxy.cn dxy.com nhc.gov.cn chinacdc.cn haodf.com 120ask.com xywy.com
    msdmanuals.cn"""
)
_GOVERNMENT = re.compile(r"(?:^|\.)(?:gov|gov\.[a-z]{2}|nhs\.uk)$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def is_public_reference(span: str) -> bool:
    """A URL on a public health-reference or government site (its host or a parent domain is listed)."""
    host = _SCHEME.sub("", span).split("/", 1)[0].split(":", 1)[0].rstrip(".").lower()
    host = host.removeprefix("www.")
    labels = host.split(".")
    if any(".".join(labels[i:]) in _PUBLIC_HOSTS for i in range(len(labels) - 1)):
        return True
    return _GOVERNMENT.search(host) is not None


def is_web_address(text: str, start: int, end: int) -> bool:
    """A URL detection with a real host and top-level domain, not two words joined by dots ("gums...dentist"),
    and not a public reference page."""
    span = text[start:end]
    if is_public_reference(span):
        return False
    if "://" in span:
        return True
    if text[end : end + 1].isalnum() or ".." in span:  # cut inside a word, or an ellipsis
        return False
    host = span.split("/", 1)[0].rstrip(".")
    if host.lower().startswith("www.") and host.count(".") >= 2:
        return True
    labels = host.split(".")
    if len(labels) < 2 or any(not label for label in labels) or labels[-1] != labels[-1].lower():
        return False
    tld = ".".join(labels[-2:]) if len(labels) > 2 and labels[-2] in ("co", "org", "ac", "nhs") else labels[-1]
    return tld in _BARE_DOMAIN_TLDS or labels[-1] in _BARE_DOMAIN_TLDS


def refine(text: str, entity: Entity) -> list[Entity]:
    """The parts of a detection that are identifiers: none, the whole, or a name split around drug names."""
    span = text[entity.start : entity.end]
    if entity.entity_type == "URL":
        return [entity] if is_web_address(text, entity.start, entity.end) else []
    if entity.entity_type == "DATE_TIME":
        entity = Entity(entity.entity_type, entity.start, _date_end(text, entity.start, entity.end), entity.score)
        span = text[entity.start : entity.end]
        if _RELATIVE_BEFORE.search(text, max(0, entity.start - 12), entity.start) and _WEEKDAY.match(span.strip()):
            return []
        identifying = is_identifying_date(span) or month_day_after_cue(text, entity.start, entity.end)
        return [entity] if identifying else []
    if entity.entity_type == "EMAIL_ADDRESS" and has_cjk(span):
        # "最近脚肿！邮箱xiaoyu_94@126.com": the address starts after the Chinese words glued to it.
        local = _CJK_OR_FULL_WIDTH.split(span.split("@", 1)[0])[-1].lstrip("!:;,.")
        start = entity.start + span.index("@") - len(local) if "@" in span else entity.start
        return [Entity(entity.entity_type, start, entity.end, entity.score)] if local else []
    if entity.entity_type == "STREET_ADDRESS":
        start, end = extend_address(text, entity.start, entity.end)
        return [Entity(entity.entity_type, start, end, entity.score)]
    if entity.entity_type not in _NAME_LIKE:
        return [entity]
    if entity.entity_type == "LOCATION" and (
        is_region(span) or span.strip().upper() in STATE_CODES or (len(span.strip()) <= 2 and span.islower())
    ):
        return []
    if _NOT_A_NAME.search(span) or _SHORT_CAPS.fullmatch(span.strip()):
        return []
    if is_clinical_span(text, entity.start, entity.end):
        return []
    if has_cjk(span) or _TITLE_BEFORE.search(text[max(0, entity.start - 12) : entity.start]):
        return [entity]
    words = list(_WORD.finditer(span))
    if not any(is_clinical_word(word.group()) for word in words):
        return [entity]
    if _eponym_as_surname(text, entity, [word.group() for word in words]):
        return [entity]
    # NER sometimes runs a name into a drug ("Atorvastatin 40 mg at"): keep only capitalised runs of
    # non-clinical words.
    pieces: list[Entity] = []
    run: list[re.Match[str]] = []
    for word in [*words, None]:
        if word is not None and not is_clinical_word(word.group()):
            run.append(word)
            continue
        if any(match.group()[0].isupper() for match in run):
            start, end = entity.start + run[0].start(), entity.start + run[-1].end()
            pieces.append(Entity(entity.entity_type, start, end, entity.score))
        run = []
    return pieces


def _eponym_as_surname(text: str, entity: Entity, names: list[str]) -> bool:
    """ "Femi Parkinson, PharmD": a capitalised given name before an eponym that no disease word follows."""
    if entity.entity_type != "PERSON" or len(names) < 2 or not all(name[:1].isupper() for name in names):
        return False
    keys = [re.sub(r"['’]s?$", "", name.casefold()) for name in names]
    clinical = [key for key in keys if is_clinical_word(key)]
    if not clinical or any(key not in STRONG_EPONYMS and key not in WEAK_EPONYMS for key in clinical):
        return False
    if is_clinical_word(keys[0]) or EPONYM_FOLLOWERS.match(text[entity.end : entity.end + 40]):
        return False
    return "'" not in names[-1] and "’" not in names[-1]


def is_clinical_span(text: str, start: int, end: int) -> bool:
    span = text[start:end]
    if has_cjk(span):
        return span in CN_CLINICAL_TERMS or overlaps_cn_clinical_term(text, start, end)
    words = _WORD.findall(span)
    if not words:
        return False
    # Before the title check: "Dr Google" is an idiom, not a doctor.
    for phrase in EPONYM_PHRASES.finditer(text, max(0, start - 20), min(len(text), end + 20)):
        if phrase.start() < end and start < phrase.end():
            return True
    keys = [re.sub(r"['’]s?$", "", word.casefold()) for word in words]
    if _TITLE_BEFORE.search(text[max(0, start - 12) : start]):
        # A title makes an eponym a doctor's name ("dr parkinson"), never a drug ("my dr metformin"), unless
        # what the eponym names follows ("my dr graves' disease").
        if len(keys) == 1 and keys[0] in STRONG_EPONYMS | WEAK_EPONYMS:
            return EPONYM_FOLLOWERS.match(text[end : end + 40]) is not None
        return all(word.casefold() in DRUGS for word in words)
    if all(is_clinical_word(key) or key in _DISEASE_NOUNS for key in keys):
        return True
    # "Epstien-barr": every part of a hyphenated word clinical.
    parts = [part for key in keys for part in key.split("-") if part]
    if parts != keys and all(is_clinical_word(part) or part in _DISEASE_NOUNS for part in parts):
        return True
    if any(key in STRONG_EPONYMS for key in keys) and all(
        key in STRONG_EPONYMS or key in WEAK_EPONYMS or key in _DISEASE_NOUNS for key in keys
    ):
        return True
    return len(keys) == 1 and keys[0] in WEAK_EPONYMS and EPONYM_FOLLOWERS.match(text[end : end + 40]) is not None


def outside_tags(text: str, entities: list[Entity]) -> list[Entity]:
    """Drop detections of what a de-identifier wrote (re-running on de-identified text changes nothing):
    those touching a pseudonym tag, a shifted date (it carries `SHIFTED_MARK`), "90+", fake surrogates."""
    tags = [match.span() for match in TAG_PATTERN.finditer(text)]
    dates = [match.span() for match in SHIFTED_DATE.finditer(text)] if SHIFTED_MARK in text else []
    kept = []
    for e in entities:
        if any(e.start < tag_end and tag_start < e.end for tag_start, tag_end in tags):
            continue
        if any(e.start < d_end and d_start < e.end for d_start, d_end in dates) and (
            e.entity_type == "DATE_TIME" or any(d_start <= e.start and e.end <= d_end for d_start, d_end in dates)
        ):
            continue
        if e.entity_type == "AGE" and text[e.end : e.end + 1] == "+":
            continue
        if is_fake_surrogate(e.entity_type, text[e.start : e.end]):
            continue
        kept.append(e)
    return kept
