"""Entity stage: mentions of people, organisations and countries in the body, resolved inside the document.

Each mention gets a doc-local entity: a bare surname joins the full name
mentioned elsewhere in the same document ("Sakamoto" -> "Haruto Sakamoto"),
gazetteer forms get their canonical name ("daniel Okonkwo" -> "Daniel
Okonkwo"), country names, demonyms and capitals become the country ("Japanese"
-> Japan). Roles come from titles in front of a name ("U.S. Treasury Secretary
Paul Brennan") and from appositions ("Japan's chief negotiator, Haruto
Sakamoto", "Sakamoto, who is also economic revitalisation minister"). The
cross-document step is `resolve.py`.
"""

import re
from collections import defaultdict

from spacy.tokens import Doc, Span

from .context import DocContext
from .countries import country_code, country_name
from .entity_rules import (
    KEPT_LABELS,
    country_forms,
    honorifics,
    norm_text,
    organisation_by_form,
    places,
    person_by_form,
    role_by_variant,
    slug,
    title_heads,
)

TITLE_WINDOW = 8
APPOSITION_WINDOW = 12
APPOSITION_OPENERS = ("the", "a", "an", "who", "is", "was", "also", "now", "currently", "serving", "as")
POSSESSIVE = re.compile(r"\s*['’]s$")


def extract_mentions(doc: Doc, ctx: DocContext) -> list[dict]:
    """One row per PERSON/ORG/GPE/NORP mention in the body, with its doc-local entity."""
    spans = [s for s in doc.ents if s.label_ in KEPT_LABELS and ctx.in_body(s.start_char, s.end_char)]
    names = _person_names(spans)
    rows = []
    for n, span in enumerate(spans):
        entity = _local_entity(span, names)
        if entity is None:
            continue
        kind, name, country = entity
        rows.append(
            {
                "doc_id": ctx.doc_id,
                "mention_id": f"{ctx.doc_id}:m{n}",
                "start": span.start_char,
                "end": span.end_char,
                "text": span.text,
                "label": span.label_,
                "entity_id": f"{ctx.doc_id}/{kind}:{slug(name)}",
                "name": name,
                "type": kind,
                "roles": [],
                "country": country,
            }
        )
        if kind == "person":
            _add_role_context(rows[-1], span)
    _share_person_context(rows)
    return rows


def clean_person_name(text: str) -> str:
    """Drop a possessive, an honorific or a title word in front, and fix all-lower or all-upper case."""
    words = POSSESSIVE.sub("", text).split()
    while len(words) > 1 and (words[0].lower() in honorifics() or words[0].lower() in title_heads()):
        words = words[1:]
    if all(w.islower() or w.isupper() for w in words):
        words = [w.title() for w in words]
    else:
        words = [w[0].upper() + w[1:] if w.islower() and len(w) > 3 else w for w in words]
    return " ".join(words)


def _person_names(spans: list[Span]) -> list[str]:
    """The full (two or more words) person names of the document, canonical where the gazetteer knows them."""
    names = []
    for span in spans:
        if span.label_ != "PERSON":
            continue
        name = _canonical_person(clean_person_name(span.text))
        if len(name.split()) >= 2 and name not in names:
            names.append(name)
    return names


def _canonical_person(name: str) -> str:
    entry = person_by_form().get(norm_text(name))
    return entry["name"] if entry else name


def _local_entity(span: Span, full_names: list[str]) -> tuple[str, str, str | None] | None:
    """(kind, doc-local canonical name, country) of a mention, or None when it names nothing we keep."""
    if span.label_ == "PERSON":
        name = _canonical_person(clean_person_name(span.text))
        if len(name.split()) == 1:
            name = _full_name_for(name, full_names)
        entry = person_by_form().get(norm_text(name))
        return "person", name, entry["country"] if entry else None
    code = _country_of(span.text)
    if code and _city_as_place(span):
        return "place", _place_name(span.text), code
    if code:
        return "country", country_name(code) or code, code
    if span.label_ == "NORP":
        return None
    if span.label_ == "ORG":
        text = re.sub(r"^the\s+", "", POSSESSIVE.sub("", span.text), flags=re.IGNORECASE)
        return "org", organisation_by_form().get(norm_text(text), text), None
    return "place", _place_name(span.text), None


def _place_name(text: str) -> str:
    place = POSSESSIVE.sub("", text)
    return place.title() if place.isupper() else place


def _city_as_place(span: Span) -> bool:
    """"talks in London", "a trip to Washington": the city, not the government it often stands for."""
    if _place_name(span.text) not in places()["seats_of_government"] or POSSESSIVE.search(span.text):
        return False
    if span.text.isupper() or (span.root.dep_ == "compound" and span.root.head.lower_ in places()["event"]):
        return True
    doc = span.doc
    first = span.root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    start = span.start if first is span.root else first.left_edge.i
    before = doc[start - 1] if start > 0 else None
    if before is None:
        return False
    if before.lower_ in places()["locative"]:
        return True
    return before.lower_ == "to" and before.i > 0 and doc[before.i - 1].lemma_.lower() in places()["motion"]


def _country_of(text: str) -> str | None:
    """Alpha-3 of a country form in any case ("china"), but not of a bare code that is also an outlet's initials."""
    bare = POSSESSIVE.sub("", text).strip()
    code = country_code(text) or (country_code(bare.title()) if bare.islower() else None)
    if code and bare == code and code not in country_forms():
        return None
    return code


def _full_name_for(word: str, full_names: list[str]) -> str:
    """The one full name in the document whose first or last word is `word` ("Lee" -> "Lee Jae-myung"), else `word`."""
    key = norm_text(word)
    matches = [n for n in full_names if key in (norm_text(n.split()[0]), norm_text(n.split()[-1]))]
    if len(matches) == 1:
        return matches[0]
    entry = person_by_form().get(key)
    return entry["name"] if entry else word


def _add_role_context(row: dict, span: Span) -> None:
    """Roles from the title before and the apposition after a person mention; the title's country if any."""
    title = _title_before(span)
    row["roles"] = sorted({r for r in (title, _apposition_after(span)) if r})
    row["_title_country"] = _title_country(span) if title else None


def _title_before(span: Span) -> str | None:
    """The role named right before a name: "Commerce Secretary Daniel Okonkwo", "chief negotiator, Haruto Sakamoto"."""
    words = _words_before(span)
    if words and words[-1] == ",":
        words = words[:-1]
    words = _strip_country_phrase(words)
    return _longest_role_suffix(words)


def _words_before(span: Span) -> list[str]:
    doc = span.doc
    start = max(span.sent.start, span.start - TITLE_WINDOW)
    return [t.lower_ for t in doc[start : span.start]]


def _strip_country_phrase(words: list[str]) -> list[str]:
    """"the chief negotiator for japan" -> "the chief negotiator"."""
    for size in (3, 2, 1):
        if len(words) > size and words[-size - 1] in ("for", "of") and country_code(" ".join(words[-size:])):
            return words[: -size - 1]
    return words


def _longest_role_suffix(words: list[str]) -> str | None:
    variants = role_by_variant()
    for size in range(min(len(words), 7), 0, -1):
        role = variants.get(" ".join(words[-size:]))
        if role:
            return role
    return None


def _apposition_after(span: Span) -> str | None:
    """The role in an apposition after a name: "Haruto Sakamoto, the economic revitalization minister"."""
    doc = span.doc
    end = min(span.sent.end, span.end + APPOSITION_WINDOW)
    words = [t.lower_ for t in doc[span.end : end]]
    if not words or words[0] != ",":
        return None
    words = words[1:]
    while words and (words[0] in APPOSITION_OPENERS or words[0] == "'s" or country_code(words[0])):
        words = words[1:]
    first = end - len(words)
    variants = role_by_variant()
    for size in range(min(len(words), 7), 0, -1):
        role = variants.get(" ".join(words[:size]))
        if role and not _names_someone(doc, first + size):
            return role
    return None


def _names_someone(doc: Doc, i: int) -> bool:
    """A title followed by a name is that other person's title ("Kim, President Lee's policy chief")."""
    return i < len(doc) and doc[i].ent_type_ == "PERSON"


def _title_country(span: Span) -> str | None:
    """The country named in the title in front of a name: "U.S. Treasury Secretary", "Japan's chief negotiator"."""
    doc = span.doc
    start = max(span.sent.start, span.start - TITLE_WINDOW)
    for token in reversed(doc[start : span.start]):
        if token.ent_type_ in ("GPE", "NORP"):
            code = country_code(token.text)
            if code:
                return code
        if token.ent_type_ == "PERSON" or token.text in (".", ";"):
            return None
    return None


def _share_person_context(rows: list[dict]) -> None:
    """Every mention of a person in the document carries the roles and country found at any of its mentions."""
    roles: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, str] = {}
    for row in rows:
        roles[row["entity_id"]].update(row["roles"])
        title_country = row.pop("_title_country", None)
        if row["type"] == "person" and title_country and row["roles"]:
            countries.setdefault(row["entity_id"], title_country)
    for row in rows:
        if row["type"] != "person":
            continue
        row["roles"] = sorted(roles[row["entity_id"]])
        row["country"] = row["country"] or countries.get(row["entity_id"])
