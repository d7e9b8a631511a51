"""Entity corrections after spaCy's NER, fed by the gazetteers in `models/`.

The small English model is systematically wrong in news text in a few ways:
surnames come out as ORG or GPE ("Okonkwo", "Sakamoto"), lower-cased names are
missed ("daniel Okonkwo"), news agencies become places ("AFP"), title
words become organisations ("Treasury" in "Treasury Secretary"), photo credits
("Jane Doe/afp") and headline fragments become people. The component
added here repairs those with lexicons (people, organisations, outlets,
countries, titles) and with context inside the document (a surname of a full
name found elsewhere in it, a title word in front of a name).
"""

import re
import unicodedata
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicons import load_json

COMPONENT = "trade_entity_fixes"
KEPT_LABELS = ("PERSON", "ORG", "GPE", "NORP")
NAME_TAGS = ("NNP", "NNPS")
COMMON_NOUN_TAGS = ("NN", "NNS")
CREDIT_SEPARATORS = ("/", "|")
DASHES = ("-", "--", "—", "–")
# Name parts shorter than this ("Li", "Xi", "de") are too ambiguous to mark a lone word as a known person.
MIN_SURNAME_CHARS = 3
# Tokens after a span read for ", a senior economist": a comma, an article or two modifiers, then the title head.
APPOSITION_WINDOW = 6
# Person names in the gazetteer and the texts have at most three words once titles are stripped.
MAX_NAME_WORDS = 3
# Words after an organisation read to see whether both make one title ("US Treasury Secretary"): three covers
# the longest tails in models/roles.json ("trade representative", "foreign affairs minister").
MAX_TITLE_TAIL = 3
# Country codes written as a name are alpha-2 or alpha-3 ("US", "UAE"); longer upper-case words are acronyms.
MAX_CODE_CHARS = 3
EMPLOYER_PREPOSITIONS = ("at", "with", "from")
NAME_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|[^\W\d_]\.")
SPEECH_VERBS = frozenset({"say", "tell", "add", "note", "write", "warn", "argue"})


@lru_cache(maxsize=65536)
def norm_text(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name ("Maroš  Šefčovič" -> "maros sefcovic")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’]s$", "", text.strip())
    return " ".join(text.lower().replace("’", "'").split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", norm_text(text)).strip("-")


@lru_cache(maxsize=1)
def people() -> list[dict]:
    return load_json("people.json")["people"]


@lru_cache(maxsize=1)
def person_by_form() -> dict[str, dict]:
    """Normalised canonical name or alias -> gazetteer entry."""
    table: dict[str, dict] = {}
    for entry in people():
        for form in [entry["name"], *entry["aliases"], *entry["cased_aliases"]]:
            table.setdefault(norm_text(form), entry)
    return table


@lru_cache(maxsize=1)
def organisation_by_form() -> dict[str, str]:
    """Normalised organisation or outlet form -> canonical name."""
    table: dict[str, str] = {}
    for source, key in (("organisations.json", "organisations"), ("outlets.json", "outlets")):
        for name, forms in load_json(source)[key].items():
            for form in [name, *forms]:
                table.setdefault(norm_text(re.sub(r"^the\s+", "", form, flags=re.I)), name)
    return table


@lru_cache(maxsize=1)
def organisation_words() -> frozenset[str]:
    return frozenset(load_json("organisations.json")["org_words"])


@lru_cache(maxsize=1)
def role_by_variant() -> dict[str, str]:
    """Lower-case title variant -> normalised role."""
    return {
        variant: role
        for role, variants in load_json("roles.json")["roles"].items()
        for variant in [role.lower(), *variants]
    }


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    return frozenset(load_json("given_names.json")["given_names"])


@lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    return frozenset(load_json("given_names.json")["name_particles"])


@lru_cache(maxsize=1)
def of_heads() -> frozenset[str]:
    return frozenset(load_json("organisations.json")["of_heads"])


@lru_cache(maxsize=1)
def organisation_names() -> frozenset[str]:
    """The canonical names of the organisation and outlet lexicons."""
    return frozenset(organisation_by_form().values())


@lru_cache(maxsize=1)
def not_organisations() -> frozenset[str]:
    return frozenset(load_json("organisations.json")["not_organisations"])


@lru_cache(maxsize=1)
def places() -> dict[str, frozenset[str]]:
    """Seats of government and the words that make them places rather than governments (places.json)."""
    table = load_json("places.json")
    return {key: frozenset(table[key]) for key in ("seats_of_government", "locative", "motion", "event")}


@lru_cache(maxsize=1)
def title_heads() -> frozenset[str]:
    return frozenset(load_json("roles.json")["title_heads"])


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every content word of every title variant, title heads and honorifics ("prime", "minister", "mr.").

    Function words are left out: "To" in "To Lam" is a name, not part of "ambassador to the u.s.".
    """
    words = {w for variant in role_by_variant() for w in variant.split() if w not in STOP_WORDS}
    return frozenset(words | title_heads() | honorifics())


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    return frozenset(load_json("roles.json")["honorifics"])


@lru_cache(maxsize=1)
def country_forms() -> dict[str, str]:
    """Surface form -> alpha-3, without the bare codes (an outlet "GTM" is not Guatemala)."""
    forms: dict[str, str] = {}
    for code, entry in load_json("countries.json")["countries"].items():
        for form in [entry["name"], *entry["forms"]]:
            forms[form] = code
    return forms


@lru_cache(maxsize=256)
def forms_of_country(code: str) -> tuple[str, ...]:
    """Every surface form of one country, longest first ("United States", "U.S.", "American", ...)."""
    return tuple(sorted((f for f, c in country_forms().items() if c == code), key=len, reverse=True))


class EntityFixer:
    """Rewrites `doc.ents`: gazetteer names win, then context rules, then junk is dropped."""

    def __init__(self, nlp: Language):
        self.people_any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.people_cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.organisations = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.countries = PhraseMatcher(nlp.vocab, attr="ORTH")
        make = nlp.make_doc
        self.people_any_case.add("PERSON", [make(f) for p in people() for f in [p["name"], *p["aliases"]]])
        self.people_cased.add("PERSON", [make(f) for p in people() for f in p["cased_aliases"]])
        self.organisations.add("ORG", [make(f) for f in sorted(_organisation_surface_forms())])
        self.countries.add("GPE", [make(f) for f in sorted(country_forms())])

    def __call__(self, doc: Doc) -> Doc:
        spans = [s for s in doc.ents if s.label_ in KEPT_LABELS]
        spans = self._apply_gazetteers(doc, spans)
        spans = [fixed for s in spans if (fixed := _repair(doc, s)) is not None]
        spans += _untagged_names_after_titles(doc, spans)
        spans += _untagged_speakers(doc, spans)
        spans += _untagged_government_bodies(doc, spans)
        spans = _add_known_name_parts(doc, spans)
        spans = _drop_capitalised_common_words(doc, spans)
        spans = _drop_unsupported_single_names(doc, spans)
        others = [s for s in doc.ents if s.label_ not in KEPT_LABELS]
        kept = filter_spans(spans)
        taken = {i for s in kept for i in range(s.start, s.end)}
        kept += [s for s in others if not any(i in taken for i in range(s.start, s.end))]
        doc.ents = sorted(kept, key=lambda s: s.start)
        return doc

    def _apply_gazetteers(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """People and organisations from the lexicons replace whatever NER said there; country forms fill gaps.

        A gap is where NER found nothing at all: "America" inside "North America" (LOC) stays unmatched.
        """
        other_entities = [s for s in doc.ents if s.label_ not in KEPT_LABELS]
        known = [Span(doc, s, e, label="PERSON") for _, s, e in self.people_any_case(doc)]
        known += [Span(doc, s, e, label="PERSON") for _, s, e in self.people_cased(doc)]
        known += _accented_known_people(doc)
        organisations = [(s, e) for _, s, e in self.organisations(doc) if not _inside_longer(s, e, spans)]
        known += [Span(doc, s, e, label="ORG") for s, e in organisations]
        known = filter_spans(known)
        spans = [s for s in spans if not any(_overlap(s, k) for k in known)] + known
        for _, start, end in self.countries(doc):
            same = [s for s in spans if s.start == start and s.end == end]
            if same and same[0].label_ in ("ORG", "PERSON"):
                spans.remove(same[0])
                spans.append(Span(doc, start, end, label="GPE"))
            elif not same and not any(s.start < end and start < s.end for s in spans + other_entities):
                spans.append(Span(doc, start, end, label="GPE"))
        return spans


def _accented_known_people(doc: Doc) -> list[Span]:
    """Gazetteer people written with other accents than the lexicon has ("Sefcović", "Šefčovič" for "Sefcovic").

    Only names with a non-ASCII letter get here; the phrase matchers find the rest.
    """
    found = []
    for token in doc:
        if token.text.isascii() or not token.text[:1].isupper():
            continue
        for start in range(max(0, token.i - MAX_NAME_WORDS + 1), token.i + 1):
            end = next((e for e in range(token.i + MAX_NAME_WORDS, token.i, -1) if _is_known_form(doc, start, e)), None)
            if end:
                found.append(Span(doc, start, end, label="PERSON"))
                break
    return found


def _is_known_form(doc: Doc, start: int, end: int) -> bool:
    if end > len(doc) or not all(t.text[:1].isupper() for t in doc[start:end]):
        return False
    return norm_text(doc[start:end].text) in person_by_form()


def _organisation_surface_forms() -> set[str]:
    forms: set[str] = set()
    for source, key in (("organisations.json", "organisations"), ("outlets.json", "outlets")):
        for name, variants in load_json(source)[key].items():
            forms.update([name, *variants])
    return forms


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _inside_longer(start: int, end: int, spans: list[Span]) -> bool:
    """True if an NER span strictly contains [start, end) ("US Steel" keeps "US" inside it)."""
    return any(s.start <= start and end <= s.end and (s.end - s.start) > (end - start) for s in spans)


def _repair(doc: Doc, span: Span) -> Span | None:
    """Trim, relabel or drop one span by rules that hold for news text in general."""
    repaired = _strip_time_zone(doc, span)
    repaired = _trim_punctuation(doc, repaired) if repaired is not None else None
    if repaired is None or _is_photo_credit(doc, repaired) or repaired.text in not_organisations():
        return None
    span = repaired
    if span.label_ == "PERSON" and span.text.islower() and lower_case_country(span.text):
        return Span(doc, span.start, span.end, label="GPE")
    if span.label_ == "PERSON" and _works_at(span) and not _known_name(span):
        span = Span(doc, span.start, span.end, label="ORG")
    if span.label_ in ("PERSON", "NORP", "GPE") and any(t.like_num or any(c.isdigit() for c in t.text) for t in span):
        return None
    if span.label_ == "PERSON":
        span = _strip_leading_titles(doc, span)
    if span.label_ == "ORG" and span.text.isupper() and span.text.title() in places()["seats_of_government"]:
        return Span(doc, span.start, span.end, label="GPE")
    if span.label_ in ("ORG", "GPE") and _starts_with_given_name(span):
        return Span(doc, span.start, span.end, label="PERSON")
    if span.label_ == "ORG":
        return _repair_organisation(doc, span)
    if span.label_ == "PERSON" and len(span) == 1 and _after_locative(doc, span) and not _known_name(span):
        return Span(doc, span.start, span.end, label="GPE")
    if span.label_ in ("PERSON", "GPE") and _is_lone_common_noun(span):
        return None
    if span.label_ == "PERSON" and len(span) > 1 and _has_organisation_word(span):
        return Span(doc, span.start, span.end, label="ORG")
    if span.label_ == "GPE" and _follows_title(doc, span) and span.text not in country_forms():
        return Span(doc, span.start, span.end, label="PERSON")
    return span


def lower_case_country(text: str) -> str | None:
    """Alpha-3 of a country form written in lower case ("china", "eu", "south korea")."""
    forms = country_forms()
    return forms.get(text.title()) or (forms.get(text.upper()) if len(text) <= MAX_CODE_CHARS else None)


def _works_at(span: Span) -> bool:
    """"analysts at Goldman Sachs", "an economist with Capital Economics": the name is where someone works."""
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ in EMPLOYER_PREPOSITIONS and head.head.lemma_.lower() in title_heads()


def _strip_time_zone(doc: Doc, span: Span) -> Span | None:
    """"BST - The Department for Business and Trade": a live blog's time stamp glued to the words that follow.

    What follows is kept only when it is a name ("GMT - Shares in ..." keeps nothing).
    """
    if doc[span.start].text not in not_organisations():
        return span
    start = span.start
    while start < span.end and (doc[start].text in not_organisations() or _is_symbol(doc[start].text)):
        start += 1
    rest = doc[start : span.end]
    if not rest or (len(rest) == 1 and rest[0].tag_ not in NAME_TAGS):
        return None
    return Span(doc, start, span.end, label=span.label_)


def _strip_leading_titles(doc: Doc, span: Span) -> Span:
    """"Prime Minister Haruto Sakamoto" as one person -> "Haruto Sakamoto" (the title is read as a role later)."""
    start = span.start
    while start < span.end - 1 and doc[start].lower_ in title_words():
        start += 1
    return span if start == span.start else Span(doc, start, span.end, label="PERSON")


def _starts_with_given_name(span: Span) -> bool:
    """"Peter Novak took charge": a capitalised two- or three-word name that begins with a common given name."""
    return (
        2 <= len(span) <= MAX_NAME_WORDS
        and span[0].text in given_names()
        and all(t.is_title and (t.is_alpha or "-" in t.text) for t in span)
        and not _has_organisation_word(span)
    )


def _has_organisation_word(span: Span) -> bool:
    return span[0].lower_ in organisation_words() or span[-1].lower_ in organisation_words()


def _after_locative(doc: Doc, span: Span) -> bool:
    """"at Gleneagles": a one-word "person" right after a place preposition is a place."""
    return span.start > 0 and doc[span.start - 1].lower_ in places()["locative"]


def _is_lone_common_noun(span: Span) -> bool:
    return len(span) == 1 and span[0].tag_ in COMMON_NOUN_TAGS and not _known_name(span)


def _known_name(span: Span) -> bool:
    return norm_text(span.text) in person_by_form() or span.text in country_forms()


def _trim_punctuation(doc: Doc, span: Span) -> Span | None:
    """Drop symbols at the edges, a possessive "'s", and anything after a dash ("NEW DELHI - Commerce")."""
    start, end = span.start, span.end
    dashes = [t.i for t in span if t.text in DASHES and t.i > 0 and doc[t.i - 1].whitespace_]
    if dashes:
        end = dashes[0]
    while start < end and _is_symbol(doc[start].text) and doc[start].text not in CREDIT_SEPARATORS:
        start += 1
    while end > start and (_is_symbol(doc[end - 1].text) and doc[end - 1].text != "." or doc[end - 1].tag_ == "POS"):
        end -= 1
    if start == end:
        return None
    return Span(doc, start, end, label=span.label_) if (start, end) != (span.start, span.end) else span


def _is_symbol(text: str) -> bool:
    """Bullets, quotes and dashes that NER glues to a name ("• Steel")."""
    return not any(ch.isalnum() for ch in text)


def _is_photo_credit(doc: Doc, span: Span) -> bool:
    """"Jane Doe/afp", "(Daily Post / John Roe)": a byline glued to a slash."""
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    return any(t.text in CREDIT_SEPARATORS for t in span) or before in CREDIT_SEPARATORS or after in CREDIT_SEPARATORS


def _repair_organisation(doc: Doc, span: Span) -> Span | None:
    """"Treasury" in "Treasury Secretary" is part of a title; "Councilmember Maria Alvarez" is a person."""
    if _part_of_title(doc, span):
        return None
    heads = [t.i for t in span if t.lower_ in title_heads()]
    if heads and heads[-1] < span.end - 1:
        rest = doc[heads[-1] + 1 : span.end]
        if all(t.tag_ in NAME_TAGS for t in rest):
            return Span(doc, rest.start, rest.end, label="PERSON")
        return None
    looks_like_name = (
        all(t.tag_ in NAME_TAGS and t.is_title for t in span)
        and span.text not in country_forms()
        and not _has_organisation_word(span)
        and not _works_at(span)
    )
    if looks_like_name and (_follows_title(doc, span) or (len(span) >= 2 and _described_as_person(doc, span))):
        return Span(doc, span.start, span.end, label="PERSON")
    return span


def _part_of_title(doc: Doc, span: Span) -> bool:
    """The organisation and the words after it are a known title ("US Treasury Secretary", not "Apple chief executive")."""
    words = [t.lower_ for t in span]
    if len(words) > 1 and span[0].text in country_forms():
        words = words[1:]
    following = [t.lower_ for t in doc[span.end : span.end + MAX_TITLE_TAIL]]
    return any(" ".join(words + following[:k]) in role_by_variant() for k in range(1, len(following) + 1))


def _described_as_person(doc: Doc, span: Span) -> bool:
    """"said Anna Weber", "Anna Weber, a senior economist at ...": speech verbs and appositive titles mark people."""
    if span.start > 0 and doc[span.start - 1].lemma_ in SPEECH_VERBS:
        return True
    if span.end < len(doc) and doc[span.end].lemma_ in SPEECH_VERBS:
        return True
    window = doc[span.end : span.end + APPOSITION_WINDOW]
    return len(window) > 1 and window[0].text == "," and any(t.lower_ in title_heads() for t in window[1:])


def _follows_title(doc: Doc, span: Span) -> bool:
    """A title head word right before the span ("Secretary Okonkwo", "negotiator, Wang Lei")."""
    i = span.start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    return i >= 0 and doc[i].lower_ in title_heads() and doc[i].sent == span.sent


def _untagged_names_after_titles(doc: Doc, spans: list[Span]) -> list[Span]:
    """Capitalised words right after a capitalised title that NER left untagged ("Councilmember Maria Alvarez")."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    found = []
    for token in doc:
        if not (token.is_title and token.lower_ in title_heads()):
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i <= MAX_NAME_WORDS and _name_word(doc[end]) and end not in taken:
            end += 1
        if end > token.i + 1 and (end == len(doc) or not doc[end].is_title):
            found.append(Span(doc, token.i + 1, end, label="PERSON"))
    return found


def _untagged_speakers(doc: Doc, spans: list[Span]) -> list[Span]:
    """A capitalised name NER missed that says something ("Okafor said", "Maria Okafor told reporters")."""
    taken = {i for s in spans for i in range(s.start, s.end)} | {i for s in doc.ents for i in range(s.start, s.end)}
    found = []
    for token in doc:
        if token.i in taken or token.dep_ != "nsubj" or token.head.lemma_ not in SPEECH_VERBS or not _speaker_word(token):
            continue
        start = token.i
        while start > 0 and token.i - start < MAX_NAME_WORDS - 1 and _name_compound(doc[start - 1]):
            start -= 1
        if start - 1 < 0 or not doc[start - 1].text[:1].isupper() or doc[start - 1].is_sent_start:
            found.append(Span(doc, start, token.i + 1, label="PERSON"))
    return found


def _name_compound(token) -> bool:
    return token.dep_ == "compound" and _speaker_word(token)


def _speaker_word(token) -> bool:
    return (
        token.tag_ == "NNP"
        and token.text[:1].isupper()
        and not token.is_upper
        and token.is_alpha
        and not token.is_stop
        and token.lower_ not in title_words()
        and token.lower_ not in organisation_words()
        and token.text not in country_forms()
    )


def _untagged_government_bodies(doc: Doc, spans: list[Span]) -> list[Span]:
    """"Indonesia's trade ministry", "the finance ministry": a body NER leaves untagged in lower case.

    The head word is one of `of_heads` and at least one noun in front of it says which body.
    """
    taken = {i for s in spans for i in range(s.start, s.end)} | {i for s in doc.ents for i in range(s.start, s.end)}
    found = []
    for token in doc:
        if token.lower_ not in of_heads() or token.i in taken:
            continue
        start = token.i
        while start > 0 and (start - 1) not in taken and _modifies_from_left(doc[start - 1], start):
            start -= 1
        if start < token.i:
            found.append(Span(doc, start, token.i + 1, label="ORG"))
    return found


def _modifies_from_left(token, start: int) -> bool:
    """A noun or adjective that modifies a word at or after `start` ("trade" in "trade ministry")."""
    return token.dep_ in ("compound", "amod") and token.head.i >= start and token.is_alpha


def _name_word(token) -> bool:
    return (
        token.tag_ in NAME_TAGS
        and token.is_title
        and token.lower_ not in title_heads()
        and token.lower_ not in organisation_words()
        and token.text not in country_forms()
    )


def _add_known_name_parts(doc: Doc, spans: list[Span]) -> list[Span]:
    """Find again, in any case, the full names and surnames of people already found in this document.

    "Sakamoto" tagged GPE after "Haruto Sakamoto" was found, or "daniel okonkwo"
    in lower case, are the same person; this works for people in no lexicon.
    """
    full_names = {
        tuple(t.lower_ for t in s)
        for s in spans
        if s.label_ == "PERSON" and len(s) >= 2 and all(map(_is_name_token, s))
    }
    if not full_names:
        return spans
    parts = {name[i] for name in full_names for i in (0, -1) if len(name[i]) >= MIN_SURNAME_CHARS}
    by_first_word: dict[str, list[tuple[str, ...]]] = {}
    for name in sorted(full_names | _particle_surnames(full_names), key=len, reverse=True):
        by_first_word.setdefault(name[0], []).append(name)
    found: list[Span] = []
    i = 0
    while i < len(doc):
        match = next((n for n in by_first_word.get(doc[i].lower_, ()) if _tokens_match(doc, i, n)), None)
        if match:
            found.append(Span(doc, i, i + len(match), label="PERSON"))
            i += len(match)
            continue
        token = doc[i]
        if token.lower_ in parts and not token.is_stop and (token.text[:1].isupper() or token.tag_ in NAME_TAGS):
            found.append(Span(doc, i, i + 1, label="PERSON"))
        i += 1
    other_types = [s for s in doc.ents if s.label_ not in KEPT_LABELS]
    additions = []
    for span in found:
        clash = [s for s in spans if _overlap(s, span)]
        if any(s.label_ == "PERSON" for s in clash) or any(_overlap(s, span) for s in other_types):
            continue
        if all(s.start >= span.start and s.end <= span.end for s in clash):
            additions.append(span)
            spans = [s for s in spans if s not in clash]
    return spans + additions


def _particle_surnames(full_names: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """"de guindos" of "luis de guindos", "von der leyen" of "ursula von der leyen": surnames that start with a particle."""
    return {
        name[k:]
        for name in full_names
        for k in range(1, len(name) - 1)
        if name[k] in name_particles() and name[k - 1] not in name_particles()
    }


def _drop_capitalised_common_words(doc: Doc, spans: list[Span]) -> list[Span]:
    """A one-word "person" opening a sentence that the text also uses in lower case ("Rice is ...", "rice prices")."""
    lower_words = {t.text for t in doc if t.is_lower}
    return [
        s
        for s in spans
        if not (
            s.label_ == "PERSON"
            and len(s) == 1
            and s[0].is_sent_start
            and s[0].lower_ in lower_words
            and norm_text(s.text) not in person_by_form()
        )
    ]


def _drop_unsupported_single_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """A one-word "person" nothing marks as one ("Turnout was low") is dropped.

    News introduces people by full name or title; a lone word is kept when it is
    a known name, a part of a full name in the document, a given name, or when a
    title, an honorific, a speech verb or an apposition marks it as a person.
    """
    name_words = {t.lower_ for s in spans if s.label_ == "PERSON" and len(s) > 1 for t in s}
    return [
        s
        for s in spans
        if not (s.label_ == "PERSON" and len(s) == 1 and s[0].lower_ not in name_words and not _marked_as_person(doc, s))
    ]


def _marked_as_person(doc: Doc, span: Span) -> bool:
    token = span[0]
    before = doc[span.start - 1] if span.start > 0 else None
    return (
        _known_name(span)
        or token.text in given_names()
        or _follows_title(doc, span)
        or (before is not None and before.lower_ in honorifics())
        or (token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ in SPEECH_VERBS)
        or _described_as_person(doc, span)
    )


def _is_name_token(token) -> bool:
    """A word of a personal name: letters with inner hyphens or apostrophes, or an initial ("O'Brien", "J.")."""
    return bool(NAME_TOKEN.fullmatch(token.text))


def _tokens_match(doc: Doc, i: int, name: tuple[str, ...]) -> bool:
    return i + len(name) <= len(doc) and all(doc[i + k].lower_ == part for k, part in enumerate(name))


@Language.factory(COMPONENT)
def make_entity_fixer(nlp: Language, name: str) -> EntityFixer:
    return EntityFixer(nlp)


def add_entity_rules(nlp: Language) -> Language:
    """Add the lexicon-fed corrections right after "ner" (once)."""
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, after="ner" if "ner" in nlp.pipe_names else None)
    return nlp
