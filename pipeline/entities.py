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

from .annotations import Mention
from .context import DocContext
from .countries import country_code, country_name
from .entity_rules import (
    KEPT_LABELS,
    country_forms,
    forms_of_country,
    honorifics,
    lower_case_country,
    norm_text,
    of_heads,
    organisation_by_form,
    organisation_names,
    person_by_form,
    places,
    role_by_variant,
    slug,
    title_heads,
)
from .stage import DocState, Stage

# Tokens searched before a name for its title: "U.S. Trade Representative Jamieson Greer" needs 4; 8 leaves room
# for "Japan's chief tariff negotiator and economic revitalisation minister".
TITLE_WINDOW = 8
# Tokens searched after a name for an apposition ("Sakamoto, who is also economic revitalisation minister,"): 12
# covers the longest role phrase in models/roles.json plus its opener.
APPOSITION_WINDOW = 12
APPOSITION_OPENERS = ("the", "a", "an", "who", "is", "was", "also", "now", "currently", "serving", "as")
POSSESSIVE = re.compile(r"(?:\s*['’]s)+$")


def extract_mentions(doc: Doc, ctx: DocContext) -> list[Mention]:
    """One mention per PERSON/ORG/GPE/NORP entity in the body, with its doc-local entity."""
    spans = [s for s in doc.ents if s.label_ in KEPT_LABELS and ctx.in_body(s.start_char, s.end_char)]
    names = _person_names(spans)
    mentions = []
    for span in spans:
        entity = _local_entity(span, names)
        if entity is None:
            continue
        kind, name, country = entity
        mention = Mention(span, label=span.label_, key=local_key(kind, name, country), name=name, type=kind, country=country)
        if kind == "person":
            _add_role_context(mention, span)
        if kind == "org":
            mention.base = _government_body(span)[1]
        mentions.append(mention)
    _share_person_context(mentions)
    _share_organisation_country(mentions)
    return mentions


def run(state: DocState) -> dict[str, list]:
    return {"mentions": extract_mentions(state.doc, state.ctx)}


STAGE = Stage(name="entities.v1", requires=("doc", "context"), assigns=("mentions",), run=run)


def local_key(kind: str, name: str, country: str | None) -> str:
    """"person:haruto-sakamoto"; a body no lexicon knows is qualified by its country ("org:ministry-of-trade-kor")."""
    if kind == "org" and country and name not in organisation_names():
        return f"org:{slug(name)}-{country.lower()}"
    return f"{kind}:{slug(name)}"


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
        return _organisation(span)
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
    code = country_code(text) or (lower_case_country(bare) if bare.islower() else None)
    if code and bare == code and code not in country_forms():
        return None
    return code


def _full_name_for(name: str, full_names: list[str]) -> str:
    """The longer full name in the document that `name` is short for, else `name` (canonical if the gazetteer knows it).

    A short name is the first word or the last words of a full name ("Lee" ->
    "Lee Jae-myung", "De Guindos" -> "Luis de Guindos"). When two people share
    it, it is not guessed.
    """
    words = norm_text(name).split()
    matches = [full for full in full_names if _short_for(words, norm_text(full).split())]
    if len(matches) == 1:
        return matches[0]
    entry = person_by_form().get(norm_text(name))
    return entry["name"] if entry else name


def _short_for(words: list[str], full: list[str]) -> bool:
    if not words or len(words) >= len(full):
        return False
    return words == full[: len(words)] and len(words) == 1 or words == full[-len(words) :]


def _organisation(span: Span) -> tuple[str, str, str | None]:
    """("org", canonical name, country): "China's commerce ministry" -> ("Chinese Ministry of Commerce", "CHN").

    Only government bodies (a head word in `of_heads`) carry a country, from a
    country form at the start of the name or just in front of it; "X ministry"
    and "ministry of X" are one name. Other names are kept whole ("UK Steel").
    """
    whole = re.sub(r"^the\s+", "", POSSESSIVE.sub("", span.text), flags=re.IGNORECASE)
    known = organisation_by_form().get(norm_text(whole))
    country, base = _government_body(span)
    if base is None:
        return "org", known or whole, None
    known = known or organisation_by_form().get(norm_text(base))
    return "org", known or _organisation_with_country(base, country), country


def _government_body(span: Span) -> tuple[str | None, str | None]:
    """(country, name without it) of a government body, "China's commerce ministry" -> ("CHN", "Ministry of Commerce");
    (None, None) for any other organisation."""
    tokens = [t for t in span if t.tag_ != "POS"]
    if tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    country, rest = _leading_country(tokens)
    if not any(t.lower_ in of_heads() for t in rest):
        return None, None
    return country or _country_in_front(span), _of_form(rest)


def _leading_country(tokens: list) -> tuple[str | None, list]:
    """A country form opening an organisation's name ("Japan's Ministry of ...", "Chinese Commerce Ministry")."""
    for size in range(min(3, len(tokens) - 1), 0, -1):
        code = country_code(" ".join(t.text for t in tokens[:size]))
        if code:
            return code, tokens[size:]
    return None, tokens


def _country_in_front(span: Span) -> str | None:
    """"China 's commerce ministry", "the Chinese commerce ministry": the country entity right before the name."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    if i < 0 or doc[i].ent_type_ not in ("GPE", "NORP"):
        return None
    start = i
    while start > 0 and doc[start - 1].ent_iob_ == "I" and doc[start].ent_iob_ == "I":
        start -= 1
    return _country_of(doc[start : i + 1].text)


def _of_form(tokens: list) -> str:
    """"commerce ministry" -> "Ministry of Commerce": the "head of X" form of a government body.

    Adjectives stay in front: "foreign ministry" is "Foreign Ministry".
    """
    head, modifiers = tokens[-1], tokens[:-1]
    if not modifiers or head.lower_ not in of_heads() or any(t.dep_ == "amod" for t in modifiers):
        return _capitalised(head.doc[tokens[0].i : head.i + 1].text.split(" "))
    return _capitalised([head.text, "of", *(t.text for t in modifiers)])


def _capitalised(words: list[str]) -> str:
    return " ".join(w[:1].upper() + w[1:] if w.islower() and w not in ("of", "and", "for", "the") else w for w in words)


def _organisation_with_country(name: str, country: str | None) -> str:
    """The lexicon's name for a body of one country: "Ministry of Commerce" of CHN -> "Chinese Ministry of Commerce"."""
    if not country:
        return name
    for form in forms_of_country(country):
        for candidate in (f"{form} {name}", f"{form}'s {name}", f"{name} of {form}"):
            known = organisation_by_form().get(norm_text(candidate))
            if known:
                return known
    return name


def _add_role_context(mention: Mention, span: Span) -> None:
    """Roles from the title before and the apposition after a person mention; the title's country if any."""
    title = _title_before(span)
    mention.roles = sorted({r for r in (title, _apposition_after(span)) if r})
    mention.title_country = _title_country(span) if title else None


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
    for size in range(min(len(words), 7), 0, -1):
        role = _role_of(words[-size:])
        if role:
            return role
    return None


def _role_of(words: list[str]) -> str | None:
    """The role a title names, also when written "head of X".

    "minister of international trade" is "international trade minister".
    """
    variants = role_by_variant()
    role = variants.get(" ".join(words))
    if role is None and len(words) > 2 and words[1] == "of" and words[0] in title_heads():
        role = variants.get(" ".join([*words[2:], words[0]]))
    return role


def _apposition_after(span: Span) -> str | None:
    """The role in an apposition after a name: "Haruto Sakamoto, the economic revitalization minister".

    An organisation in front of the title is skipped: "Lee Jae-yong, the Samsung chairman".
    """
    doc = span.doc
    end = min(span.sent.end, span.end + APPOSITION_WINDOW)
    words = [t.lower_ for t in doc[span.end : end]]
    if not words or words[0] != ",":
        return None
    words = words[1:]
    while words and (_apposition_opener(words[0]) or _in_organisation(doc[end - len(words)])):
        words = words[1:]
    first = end - len(words)
    for size in range(min(len(words), 7), 0, -1):
        role = _role_of(words[:size])
        if role and not _names_someone(doc, first + size):
            return role
    return None


def _apposition_opener(word: str) -> bool:
    return word in APPOSITION_OPENERS or word == "'s" or bool(country_code(word))


def _in_organisation(token) -> bool:
    return token.ent_type_ == "ORG"


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


def _share_organisation_country(mentions: list[Mention]) -> None:
    """"The Commerce Ministry" after "China's commerce ministry" in one document is China's."""
    with_country: dict[str | None, set[tuple[str, str]]] = defaultdict(set)
    for mention in mentions:
        if mention.type == "org" and mention.country:
            with_country[mention.base].add((mention.name, mention.country))
    for mention in mentions:
        if mention.type == "org" and not mention.country and len(with_country.get(mention.base, ())) == 1:
            mention.name, mention.country = next(iter(with_country[mention.base]))
            mention.key = local_key("org", mention.name, mention.country)


def _share_person_context(mentions: list[Mention]) -> None:
    """Every mention of a person in the document carries the roles and country found at any of its mentions."""
    roles: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, str] = {}
    for mention in mentions:
        roles[mention.key].update(mention.roles)
        if mention.type == "person" and mention.title_country and mention.roles:
            countries.setdefault(mention.key, mention.title_country)
    for mention in mentions:
        if mention.type != "person":
            continue
        mention.roles = sorted(roles[mention.key])
        mention.country = mention.country or countries.get(mention.key)
