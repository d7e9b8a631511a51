"""Tariff-rate claims: a percentage the parse ties to a tariff, duty, levy or tax becomes claims.

For each percentage the stage climbs the dependency tree to the tariff noun it
describes ("a 25% tariff", "a duty of 10 percent", "raise tariffs ... to 25%",
"an increase in steel tariffs from 25% to 50%"); a percentage that reaches
another noun first ("a 45.1% drop in net profit", "inflation of 3%") is not a
tariff rate. Around that noun it reads the products (one claim per product),
the imposer and target countries, the measure and the status, with the cue
words in models/measures.json and products in models/products.json.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .attribution import attributed_to, is_hedging_token
from .countries import ALL_PARTNERS, country_code
from .lexicons import load_json

NOUNS = ("NOUN", "PROPN")
VERBS = ("VERB", "AUX")
CORE_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "oprd")
BUNDLE_DEPS = (
    *("aux", "auxpass", "neg", "advmod", "prt", "acomp", "xcomp", "prep", "npadvmod"),
    *("oprd", "attr", "advcl", "nsubj", "nsubjpass", "dobj"),
)
PERCENT_WORDS = frozenset({"%", "percent", "pct", "cent", "per-cent"})
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
MAX_CLIMB = 8
MAX_CHANGE_GAP = 14
MIN_TARIFF_SENTENCES = 3
MAX_GOODS_WORDS = 6


@dataclass(frozen=True)
class Percent:
    """One percentage in the text: its head token, value and character span."""

    token: Token
    value: float
    start: int
    end: int


@dataclass
class Reading:
    """What the parse says about one tariff percentage before it is split into claims."""

    percent: Percent
    tariff: Token | None
    governor: Token | None
    scope: list[Token]
    path: list[Token]
    goods: tuple[Token, ...] = ()


@lru_cache(maxsize=1)
def _cues() -> dict:
    raw = load_json("measures.json")
    return {
        "tariff_nouns": frozenset(raw["tariff_nouns"]),
        "tariff_forms": frozenset(form for noun in raw["tariff_nouns"] for form in _plurals(noun)),
        "imposing_verbs": frozenset(raw["imposing_verbs"]),
        "rate_nouns": frozenset(raw["rate_nouns"]),
        "other_rates": frozenset(raw["other_rates"]),
        "change_nouns": frozenset(raw["change_nouns"]),
        "tariff_verbs": frozenset(raw["tariff_verbs"]),
        "measures": [(name, _phrases(raw["measures"][name])) for name in raw["measure_priority"]],
        "measure_words": frozenset(w for words in raw["measures"].values() for w in words),
        "all_partners": _phrases(raw["all_partners"]),
        "universal_without_country": _phrases(raw["universal_without_country"]),
        "status": [(name, _phrases(raw["status"][name])) for name in raw["status_priority"]],
        "conditional_markers": frozenset(raw["conditional_markers"]),
        "demand_verbs": frozenset(raw["demand_verbs"]),
        "date_words": frozenset(raw["date_words"]),
        "default_imposer": raw["default_imposer"],
        "imposer_verbs": frozenset(raw["imposer_verbs"]),
        "target_preps": frozenset(raw["target_preps"]),
        "target_verbs": frozenset(raw["target_verbs"]),
        "other_taxes": _phrases(raw["other_taxes"]),
        "status_labels": raw["status_labels"],
        "origin_verbs": frozenset(raw["origin_verbs"]),
        "goods_ranges": frozenset(raw["goods_ranges"]),
        "threat_verbs": frozenset(raw["threat_verbs"]),
        "export_words": frozenset(raw["export_words"]),
        "lower_case_nouns": frozenset(raw["lower_case_nouns"]),
    }


@lru_cache(maxsize=1)
def _products() -> dict[tuple[str, ...], str]:
    """Product form (as a tuple of lower-case words) -> canonical product name."""
    table = {}
    for name, entry in load_json("products.json")["products"].items():
        for form in entry["forms"]:
            table[tuple(form.split())] = name
    return table


@lru_cache(maxsize=1)
def _all_goods() -> frozenset[str]:
    return frozenset(load_json("products.json")["all_goods"])


def _plurals(noun: str) -> tuple[str, ...]:
    """A noun with its plural ('duty' -> 'duties'): a capitalised 'Duties' opening a sentence may keep its lemma."""
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + ("es" if noun.endswith(("x", "s")) else "s")
    return noun, plural


def _phrases(words: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases as word tuples, indexed by their first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in words:
        parts = tuple(phrase.split())
        index.setdefault(parts[0], []).append(parts)
    return {first: tuple(group) for first, group in index.items()}


def extract_tariff_claims(doc: Doc, ctx, quantities, dates, mentions) -> list[dict]:
    """Claim rows of type tariff_rate for every tariff percentage in the body of `doc`."""
    percents = _percents(doc, ctx, quantities)
    previous, replaced = _from_to_pairs(percents)
    multiples = _multiple_changes(doc, percents, quantities, ctx)
    countries = _country_tokens(doc, mentions)
    claims: list[dict] = []
    for percent in percents:
        if percent.token.i in replaced:
            continue
        if percent.token.i in multiples:
            reading = _change_reading(percent, multiples[percent.token.i])
            previous[percent.token.i] = percent.value
        else:
            reading = _read(percent)
        if reading is None:
            continue
        recent = [c["target"] for c in reversed(claims) if c["target"] not in (None, ALL_PARTNERS)]
        for claim in _claims_of(reading, previous.get(percent.token.i), countries, recent, dates, ctx):
            claim["claim_id"] = f"{ctx.doc_id}:t{len(claims)}"
            claims.append(claim)
    return claims


def _percents(doc: Doc, ctx, quantities) -> list[Percent]:
    """Percentages in the body: the quantities stage's percent rows, or a token scan when it gave none."""
    rows = [row for row in quantities or [] if row.get("unit") == "percent" and row.get("value") is not None]
    found = [] if rows else _scanned_percents(doc)
    for row in rows:
        span = doc.char_span(row["start"], row["end"], alignment_mode="expand")
        if span is not None:
            found.append(Percent(_percent_head(span), float(row["value"]), row["start"], row["end"]))
    return [p for p in found if ctx.in_body(p.start, p.end) and not _is_points(p)]


def _scanned_percents(doc: Doc) -> list[Percent]:
    """'25%', '10 percent', '10 per cent', '24 pct' written with digits."""
    found = []
    for token in doc[:-1]:
        if not NUMBER.fullmatch(token.text):
            continue
        unit = token.nbor(1)
        if unit.lower_ == "per" and unit.i + 1 < len(doc) and doc[unit.i + 1].lower_ == "cent":
            unit = doc[unit.i + 1]
        if unit.lower_ in PERCENT_WORDS:
            value = float(token.text.replace(",", ""))
            found.append(Percent(unit, value, token.idx, unit.idx + len(unit)))
    return found


def _percent_head(span: Span) -> Token:
    """The token that stands for the percentage in the parse: '%', 'percent', the 'cent' of 'per cent'."""
    for token in reversed(span):
        if token.lower_ in PERCENT_WORDS:
            return token
    return span.root


def _is_points(percent: Percent) -> bool:
    """'26 percentage points', 'a quarter of a percentage point': a difference, not a rate."""
    token = percent.token
    following = [t.lower_ for t in token.doc[token.i : token.i + 3]]
    return any(word.startswith("point") for word in following) or "percentage" in following


def _from_to_pairs(percents: list[Percent]) -> tuple[dict[int, float], set[int]]:
    """Changes of rate, read from the words between two neighbouring percentages: "from 25% to a staggering
    50%", "to 30% from 145%", "15%, ..., down from 25%", "halve to 7.5% the 15% tariff".
    Returns new-rate token -> previous value, and the tokens of old rates (which are no claims of their own)."""
    previous: dict[int, float] = {}
    replaced: set[int] = set()
    ordered = sorted(percents, key=lambda p: p.token.i)
    for first, second in zip(ordered, ordered[1:]):
        doc = first.token.doc
        before = _core_words(doc[max(0, _first_token(first) - 3) : _first_token(first)])
        gap = _core_words(doc[first.token.i + 1 : _first_token(second)])
        if before[-1:] == ["from"] and gap == ["to"]:
            previous[second.token.i] = first.value
            replaced.add(first.token.i)
        elif gap[-2:] in (["down", "from"], ["up", "from"]) and len(gap) <= MAX_CHANGE_GAP or (
            before[-1:] == ["to"] and gap in (["from"], [])
        ):
            previous[first.token.i] = second.value
            replaced.add(second.token.i)
    return previous, replaced


def _multiple_changes(doc: Doc, percents: list[Percent], quantities, ctx) -> dict[int, float]:
    """Changes to a multiple of the old rate: "a hike from 10% to nearly double that", "doubling the tariff
    on steel from 25%". Returns old-rate token -> factor (the quantities stage's `multiple` rows)."""
    factors = {}
    for row in quantities or []:
        if row.get("unit") != "multiple" or not row.get("value") or not ctx.in_body(row["start"], row["end"]):
            continue
        span = doc.char_span(row["start"], row["end"], alignment_mode="expand")
        if span is None:
            continue
        old = _old_rate_of_multiple(span, percents)
        if old is not None:
            factors[old.token.i] = float(row["value"])
    return factors


def _old_rate_of_multiple(multiple: Span, percents: list[Percent]) -> Percent | None:
    """The 'from P' a multiple is counted from: just before 'to <multiple>', or under a verb 'double(d)'."""
    doc = multiple.doc
    for percent in percents:
        start = _first_token(percent)
        if _core_words(doc[max(0, start - 3) : start])[-1:] != ["from"]:
            continue
        if percent.token.i < multiple.start and _core_words(doc[percent.token.i + 1 : multiple.start]) == ["to"]:
            return percent
        verb = next((t for t in multiple if t.pos_ == "VERB"), None)
        if verb is not None and percent.token.i > verb.i and verb in percent.token.ancestors:
            return percent
    return None


def _change_reading(percent: Percent, factor: float) -> Reading | None:
    """The reading of the new rate `factor` x the old `percent`: the old rate's own reading, else the
    tariff noun nearest before its 'from' ("plans for an overall tariff hike from 10% to ...", where the
    parser hangs 'from' on 'plans')."""
    new = Percent(percent.token, round(factor * percent.value, 3), percent.start, percent.end)
    reading = _read(new)
    if reading is not None:
        return reading
    prep = percent.token.head
    if prep.lower_ != "from":
        return None
    holder = prep.head
    before = [t for t in holder.subtree if t.i < prep.i and t.pos_ in NOUNS]
    for token in sorted(before, key=lambda t: -t.i):
        tariff = _tariff_of_noun(token)
        if tariff is not None:
            return _reading(new, tariff, [percent.token, prep, holder])
    return None


def _tariff_of_noun(token: Token) -> Token | None:
    """The tariff noun a noun stands for: itself, or the tariff a change noun is about ('a tariff hike')."""
    if _is_tariff_noun(token):
        return _outer_tariff_noun(token)
    if token.lemma_.lower() in _cues()["change_nouns"]:
        return _tariff_in_prep(token) or _tariff_child(token, ("compound", "nmod", "amod"))
    return None


def _first_token(percent: Percent) -> int:
    span = percent.token.doc.char_span(percent.start, percent.end, alignment_mode="expand")
    return span.start if span is not None else percent.token.i


def _core_words(tokens: Span) -> list[str]:
    """Lower-case words without determiners, adjectives, punctuation and most adverbs ('a staggering', 'the')."""
    return [
        t.lower_
        for t in tokens
        if t.lower_ in ("down", "up", "to", "from") or t.pos_ not in ("DET", "ADJ", "ADV", "PUNCT", "PART")
    ]


def _is_tariff_noun(token: Token) -> bool:
    if token.pos_ not in NOUNS and token.tag_ not in ("NN", "NNS"):
        return False
    cues = _cues()
    if token.lemma_.lower() in cues["tariff_nouns"] or token.lower_ in cues["tariff_forms"]:
        return not _is_domestic_tax(token)
    compounds = [c for c in token.children if c.dep_ == "compound" and c.lemma_.lower() in cues["tariff_nouns"]]
    return bool(compounds) and not any(_is_domestic_tax(t) for t in (token, *compounds))


def _is_domestic_tax(token: Token) -> bool:
    """'an income tax', 'the digital services tax', 'a 5% income tax surcharge', 'stamp duty': a tax word whose
    modifiers name a domestic tax (models/measures.json other_taxes) is no tariff."""
    if token.lemma_.lower() == "tariff":
        return False
    nouns = (token, token.head) if token.dep_ == "compound" else (token,)
    modifiers = {
        t.i: t
        for noun in nouns
        for child in noun.children
        if child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i
        for t in child.subtree
    }
    return _matches_any([modifiers[i] for i in sorted(modifiers)], _cues()["other_taxes"])


def _outer_tariff_noun(token: Token) -> Token:
    """'the 10% baseline tariff': the head of a run of tariff words."""
    while token.dep_ in ("compound", "nmod", "amod") and _is_tariff_noun(token.head):
        token = token.head
    return token


def _tariff_child(token: Token, deps: tuple[str, ...]) -> Token | None:
    """A tariff noun among the token's dependents of the given kinds."""
    return next((child for child in token.children if child.dep_ in deps and _is_tariff_noun(child)), None)


def _tariff_in_prep(token: Token) -> Token | None:
    """'an increase in steel tariffs', 'a rate of duty': the tariff noun a change or rate noun is about."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "on"):
            for obj in child.children:
                if obj.dep_ == "pobj" and _is_tariff_noun(obj):
                    return obj
    return None


def _read(percent: Percent) -> Reading | None:
    """Climb from the percentage to the tariff noun (or tariff verb) it belongs to; None if it belongs elsewhere.

    A bare rate noun ("the 30% rate", "the combined rate will reach 50%") or goods priced at a rate
    ("cars at 27.5%") count only when a tariff word is in this or the previous sentence."""
    rate_noun = None
    path = [percent.token]
    token = percent.token
    for _ in range(MAX_CLIMB):
        head = token.head
        if head.i == token.i:
            break
        if _is_tariff_noun(head):
            return _reading(percent, _outer_tariff_noun(head), path)
        if head.pos_ in NOUNS and not _is_percent_word(head):
            step = _noun_step(percent, head, token, path, rate_noun)
            if isinstance(step, Reading):
                return step
            if step is None:
                break
            rate_noun = step if step is not True else rate_noun
        elif head.pos_ in VERBS:
            step = _verb_step(percent, head, token, path)
            if isinstance(step, Reading):
                return step
            if step is None:
                break
        path.append(head)
        token = head
    if rate_noun is not None and _tariff_nearby(rate_noun):
        return _reading(percent, rate_noun, path)
    return None


def _noun_step(percent: Percent, head: Token, token: Token, path: list[Token], rate_noun: Token | None):
    """At a noun on the way up: a Reading, True to climb on, a rate noun to remember, or None to give up."""
    cues = _cues()
    lemma = head.lemma_.lower()
    if lemma in cues["change_nouns"] or lemma in cues["rate_nouns"]:
        found = _tariff_in_prep(head) or _tariff_child(head, ("compound", "nmod", "amod"))
        if found is not None:
            return _reading(percent, found, path + [head])
        if rate_noun is None and _is_rate_noun(head) and len(path) <= 2:
            return head
        return True
    if token.lower_ == "at" and _product_of_phrase(head) and _tariff_nearby(head):
        return _reading(percent, None, path + [head], goods=_goods_before(token) or [head])
    if token.dep_ in ("compound", "nmod", "amod") and _product_of_phrase(head):
        return True
    return True if lemma in cues["measure_words"] else None


def _verb_step(percent: Percent, head: Token, token: Token, path: list[Token]):
    """At a verb on the way up: a Reading, True to climb on, or None to give up."""
    cues = _cues()
    goods = _goods_before(token) if token.lower_ == "at" else []
    if goods and _tariff_nearby(head):
        return _reading(percent, None, path + [head], goods=goods)
    found = _tariff_child(head, CORE_DEPS)
    if found is not None:
        return _reading(percent, found, path + [head])
    subject = _rate_subject(head)
    if subject is not None and _tariff_nearby(head):
        return _reading(percent, subject, path + [head])
    goods = _product_subject(head)
    if goods and _is_level_prep(token) and _tariff_nearby(head):
        return _reading(percent, None, path + [head], goods=goods)
    if _has_blocking_subject(head):
        return None
    lemma = head.lemma_.lower()
    if token.dep_ == "dobj" and lemma in cues["imposing_verbs"]:
        return _reading(percent, None, path + [head])
    verbs = cues["tariff_verbs"] | cues["imposer_verbs"]
    rate_slot = token.dep_ == "dobj" or _is_level_prep(token) or _is_hit_with(token)
    if rate_slot and lemma in verbs and _tariff_nearby(head):
        return _reading(percent, None, path + [head])
    return True if head.dep_ in ("xcomp", "pcomp", "conj", "acl", "relcl", "ccomp", "advcl") else None


def _goods_before(at: Token) -> list[Token]:
    """'... cars at 27.5% and steel and aluminium at 50%': the product words just before 'at'."""
    found = []
    for token in reversed(at.doc[max(at.sent.start, at.i - MAX_GOODS_WORDS) : at.i]):
        if token.lower_ in PERCENT_WORDS or token.like_num or token.pos_ in VERBS:
            break
        if token.pos_ in NOUNS and _product_of_phrase(token):
            found.append(token)
    return found


def _is_level_prep(token: Token) -> bool:
    """'at 25%', 'to 25%': a level, unlike 'by 25%' (an amount of change) or 'of 25%' (a share)."""
    return token.dep_ == "prep" and token.lower_ in ("at", "to")


def _is_hit_with(token: Token) -> bool:
    """'Switzerland was hit with 39%', 'slapped with 25%': the rate a target verb's 'with' names."""
    return token.dep_ == "prep" and token.lower_ == "with" and token.head.lemma_.lower() in _cues()["tariff_verbs"]


def _is_rate_noun(token: Token) -> bool:
    """'rate', 'level', 'total' ... unless another word makes it a different rate ('interest rate')."""
    if token.lemma_.lower() not in _cues()["rate_nouns"]:
        return False
    blocked = _cues()["other_rates"]
    return not any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in blocked for c in token.children)


def _product_subject(verb: Token) -> list[Token]:
    """'Steel and aluminium stay at 50%', 'UK steel will continue to pay 25%': the subject naming products."""
    if verb.dep_ == "xcomp" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "nmod" and c.i < verb.i)]
    return [c for c in subjects if _product_of_phrase(c)]


def _rate_subject(verb: Token) -> Token | None:
    """The rate noun the verb is about: 'the combined rate will reach 50%', 'raised the aluminium rate to 25%'."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and _is_rate_noun(child):
            return child
    return None


def _is_percent_word(token: Token) -> bool:
    return token.lower_ in PERCENT_WORDS


def _has_blocking_subject(verb: Token) -> bool:
    """A verb whose subject is some other noun ("inflation rose 3%", "profit fell 5%"): not a country,
    goods, products or a rate, which can carry a tariff rate ("Japanese cars paid 2.5%")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in NOUNS and not _is_country(child):
            lemma = child.lemma_.lower()
            if lemma not in _all_goods() and lemma not in _cues()["rate_nouns"] and not _product_of_phrase(child):
                return True
    return False


def _tariff_nearby(token: Token) -> bool:
    """Whether a bare rate ('goods face 40%', 'the rate could rise to 50%') can be a tariff: a tariff word in
    this or the previous sentence, or an article that speaks of tariffs in several sentences."""
    sent = token.sent
    start = sent.start
    if start > 0:
        start = token.doc[start - 1].sent.start
    if any(_is_tariff_noun(t) for t in token.doc[start : sent.end]):
        return True
    return _tariff_sentence_count(token.doc) >= MIN_TARIFF_SENTENCES


def _tariff_sentence_count(doc: Doc) -> int:
    """Sentences with a tariff word, counted once per document (kept in doc.user_data)."""
    key = ("tariffs", "tariff_sentences")
    if key not in doc.user_data:
        doc.user_data[key] = sum(1 for sent in doc.sents if any(_is_tariff_noun(t) for t in sent))
    return doc.user_data[key]


@lru_cache(maxsize=8192)
def _code_of(text: str) -> str | None:
    return country_code(text)


def _is_country(token: Token) -> bool:
    return _code_of(token.text) is not None


def _reading(percent: Percent, tariff: Token | None, path: list[Token], goods: list[Token] | tuple = ()) -> Reading:
    """Everything later steps need: the governing verb and the tokens whose words describe the rate."""
    anchor = tariff if tariff is not None else path[-1]
    governor = _governing_verb(anchor)
    scope = _scope(percent, anchor, governor, path)
    return Reading(percent, tariff, governor, scope, path, tuple(goods))


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above the tariff noun, unless the noun only sits in a 'despite'/'unlike' aside."""
    current = token
    for _ in range(MAX_CLIMB):
        if current.pos_ in VERBS:
            return current
        if current.head.i == current.i:
            return None
        if current.dep_ == "pobj" and current.head.lower_ in ("despite", "unlike", "besides", "than", "like"):
            return None
        current = current.head
    return None


def _scope(percent: Percent, anchor: Token, governor: Token | None, path: list[Token]) -> list[Token]:
    """The tokens whose words can set this rate's status, measure and date: its noun phrase and its verb's
    auxiliaries and modifiers, minus parts that hold other percentages or a condition ("unless ...")."""
    tokens = {t.i: t for t in anchor.subtree if not _holds_other_percent(t, percent, anchor)}
    for token in path:
        tokens[token.i] = token
    for verb in _verb_chain(governor):
        tokens[verb.i] = verb
        for child in verb.children:
            if child.dep_ not in BUNDLE_DEPS or _is_condition(child) or _is_finite_clause(child):
                continue
            if not _subtree_has_other_percent(child, percent):
                tokens.update((t.i, t) for t in child.subtree)
    return [tokens[i] for i in sorted(tokens)]


def _is_finite_clause(token: Token) -> bool:
    """An adverbial clause with its own subject ('as both sides eye a possible deal') speaks of something else."""
    return token.dep_ == "advcl" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _verb_chain(governor: Token | None) -> list[Token]:
    """The governing verb and the verbs that frame it: 'threatened to impose', 'set to rise', and for
    'the increase, which would have raised tariffs ..., had been due' the verb of 'increase'."""
    chain = []
    current = governor
    while current is not None and len(chain) < 4:
        chain.append(current)
        if current.dep_ == "xcomp" or (current.dep_ == "acomp" and current.head.pos_ in VERBS):
            current = current.head
        elif current.dep_ == "relcl" and current.head.lemma_.lower() in _cues()["change_nouns"]:
            noun = current.head
            current = noun.head if noun.head.pos_ in VERBS and noun.head.i != noun.i else None
        else:
            current = None
    return chain


def _holds_other_percent(token: Token, percent: Percent, anchor: Token) -> bool:
    """Inside anchor's subtree, a token under a child clause that carries another percentage."""
    current = token
    while current.i != anchor.i and current.head.i != current.i:
        if current.head.i == anchor.i and current.dep_ in ("relcl", "conj", "appos", "acl"):
            return _subtree_has_other_percent(current, percent)
        current = current.head
    return False


def _subtree_has_other_percent(token: Token, percent: Percent) -> bool:
    subtree = list(token.subtree)
    others = any(t.lower_ in PERCENT_WORDS and t.i != percent.token.i for t in subtree)
    return others and percent.token not in subtree


def _is_condition(token: Token) -> bool:
    markers = _cues()["conditional_markers"]
    return any(c.dep_ == "mark" and c.lower_ in markers for c in token.children)


def _claims_of(
    reading: Reading, previous_rate: float | None, countries: dict[int, str], recent: list[str], dates, ctx
) -> list[dict]:
    """The claim rows of one tariff percentage: one per product it names (or one for all goods)."""
    sent = reading.percent.token.sent
    start, end = _clause_span(reading.percent, sent, ctx)
    products = _products_of(reading) or [None]
    imposer, targets = _imposer_and_targets(reading, countries, recent, sectoral=products[0] is not None)
    status = _status(reading)
    measure = _measure(reading, products[0], targets[0])
    if targets == [None] and measure == "baseline":
        targets = [ALL_PARTNERS]
    effective = _effective_date(reading, dates)
    hedged = any(is_hedging_token(t) for t in reading.scope)
    source = attributed_to(sent)
    return [
        {
            "doc_id": ctx.doc_id,
            "start": start,
            "end": end,
            "text": ctx.text[start:end],
            "claim_type": "tariff_rate",
            "imposer": imposer,
            "target": target,
            "product": product,
            "measure": measure,
            "rate": reading.percent.value,
            "previous_rate": previous_rate,
            "status": status,
            "effective_date": effective,
            "round_number": None,
            "date_start": None,
            "date_end": None,
            "parties": [],
            "participants": [],
            "hedged": hedged,
            "attributed_to": source,
        }
        for target in targets
        for product in products
    ]


def _clause_span(percent: Percent, sent: Span, ctx) -> tuple[int, int]:
    """The sentence, cut to the line and body span holding the percentage (the parser can run a sentence
    across a paragraph break or into blanked clutter)."""
    text = ctx.text
    start, end = sent.start_char, sent.end_char
    for span_start, span_end in ctx.body_spans:
        if span_start <= percent.start < span_end:
            start, end = max(start, span_start), min(end, span_end)
    start = max(start, text.rfind("\n", start, percent.start) + 1)
    line_end = text.find("\n", percent.end, end)
    end = line_end if line_end != -1 else end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _products_of(reading: Reading) -> list[str]:
    """Canonical products, in text order: first those the tariff noun and the rate name ('steel tariffs',
    'a 25% tax on cars and parts', 'duties of 50% on steel'), else the goods the clause is about
    ('cars ... face a 25% tariff', 'steel, which faces a 25% tariff', 'cars at 27.5%')."""
    anchor = reading.tariff if reading.tariff is not None else reading.governor
    heads: list[Token] = [t for good in reading.goods for t in _with_conjuncts(good)]
    if anchor is not None:
        for child in anchor.children:
            if child.dep_ in ("compound", "nmod", "amod"):
                heads.extend(_with_conjuncts(child))
            elif child.dep_ == "acl":
                heads.extend(_prep_objects(child, ("on",)))
        heads.extend(_prep_objects(anchor, ("on", "for")))
    own = _canonical_products(_prep_objects(reading.percent.token, ("on",)))
    if own:
        return own
    if reading.governor is not None and anchor is not None and _prep_objects(anchor, ("on",)):
        heads.extend(_stray_on_objects(reading.governor))
    for token in reading.path:
        heads.extend(_prep_objects(token, ("on",)))
    found = _canonical_products(heads)
    if not found and reading.governor is not None:
        found = _canonical_products(_prep_objects(reading.governor, ("on",)) + _subject_goods(reading.governor))
    return found


def _stray_on_objects(verb: Token) -> list[Token]:
    """'duties on cars, steel and aluminum, and on auto parts': a second 'on' the parser hung under the verb."""
    return [
        obj
        for child in verb.children
        if child.dep_ == "conj" and child.lower_ == "on"
        for obj in child.children
        if obj.dep_ == "pobj"
    ]


def _canonical_products(heads: list[Token]) -> list[str]:
    """Products named by each head noun, or failing that by a noun of its phrase ('$300 million worth of
    Japanese electronic products')."""
    found: list[str] = []
    for head in sorted(heads, key=lambda t: t.i):
        product = _product_of_phrase(head) or next(
            (p for t in _phrase(head) if t.pos_ in NOUNS and t.i != head.i and (p := _product_of_phrase(t))), None
        )
        if product and product not in found:
            found.append(product)
    return found


def _subject_goods(verb: Token) -> list[Token]:
    """'Cars ... enter at a tariff of 10%', 'steel, which faces a 25% tariff': the goods as the verb's subject."""
    found = []
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "xcomp":
        verb = verb.head
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if child.lower_ in ("which", "that") and verb.dep_ == "relcl":
            child = verb.head
        found.extend(_with_conjuncts(child))
        found.extend(_prep_objects(child, ("of",)))
    return found


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the token's prepositions, with coordinated ones ('on cars, steel and aluminum, and on parts')."""
    return [
        h
        for child in token.children
        if child.dep_ == "prep" and child.lower_ in preps
        for prep in (child, *child.conjuncts)
        for obj in prep.children
        if obj.dep_ == "pobj"
        for h in _with_conjuncts(obj)
    ]


def _product_of_phrase(head: Token) -> str | None:
    """The product a noun names with its modifiers: 'auto parts', 'Japanese car imports' -> automobiles."""
    words = [t for t in head.subtree if t.dep_ in ("compound", "amod", "nmod") and t.head.i == head.i] + [head]
    words.sort(key=lambda t: t.i)
    lemmas = [t.lemma_.lower() for t in words]
    lowers = [t.lower_ for t in words]
    table = _products()
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            for seq in (lemmas, lowers):
                product = table.get(tuple(seq[i : i + size]))
                if product:
                    return product
    for lemma, lower in zip(reversed(lemmas), reversed(lowers)):
        product = table.get((lemma,)) or table.get((lower,))
        if product:
            return product
    return None


def _country_tokens(doc: Doc, mentions) -> dict[int, str]:
    """Token index -> alpha-3 for every country name, demonym or metonym (entities, mentions, single tokens)."""
    found: dict[int, str] = {}
    for ent in doc.ents:
        if ent.label_ in ("GPE", "NORP", "ORG", "LOC") and len(ent) > 1:
            code = _code_of(ent.text)
            if code:
                found.update((t.i, code) for t in ent)
    for row in mentions or []:
        code = row.get("country")
        if code and row.get("label") in ("GPE", "NORP"):
            span = doc.char_span(row["start"], row["end"], alignment_mode="expand")
            if span is not None:
                found.update((t.i, code) for t in span if t.i not in found)
    for token in doc:
        if token.i not in found and token.text[:1].isupper():
            code = _code_of(token.text)
            if code:
                found[token.i] = code
    for sent in doc.sents:
        if _is_lower_cased(sent):
            found.update(_lower_cased_countries(sent, found))
    return found


def _is_lower_cased(sent: Span) -> bool:
    """Aggregator copy that drops capitals: no word after the first starts with a capital letter."""
    return not any(t.text[:1].isupper() for t in sent[1:]) and any(t.is_alpha for t in sent)


def _lower_cased_countries(sent: Span, found: dict[int, str]) -> dict[int, str]:
    """'the eu', 'us motorcycles', 'india': country names written in lower case (not the pronoun 'us', nor
    names that are common words in lower case: 'turkey', 'china')."""
    codes = {}
    for token in sent:
        if token.i in found or token.tag_ == "PRP" or not token.is_alpha:
            continue
        if token.lower_ in _cues()["lower_case_nouns"]:
            continue
        code = _code_of(token.text.title()) or _code_of(token.text.upper())
        if code:
            codes[token.i] = code
    return codes


def _imposer_and_targets(
    reading: Reading, countries: dict[int, str], recent: list[str], sectoral: bool
) -> tuple[str | None, list[str | None]]:
    """Who imposes the rate and on whom (one target per coordinated country: 'on Mexican and Canadian goods').
    A country modifying the tariff noun ("Japan's tariff", "U.S. tariffs") is the imposer when the target is
    named elsewhere, it is the usual imposer or the measure is retaliation, and the target otherwise; the
    usual imposer (models/measures.json) named so outranks the subject of the verb ("the EU agreed to a cap
    on U.S. tariffs"), which then becomes the target; with no imposer in the text, the usual imposer."""
    cues = _cues()
    default = cues["default_imposer"]
    anchor = reading.tariff if reading.tariff is not None else reading.governor
    targets = _explicit_targets(reading, anchor, countries)
    imposer = _explicit_imposer(reading, countries)
    for modifier in _country_modifiers(anchor, countries):
        code = countries[modifier.i]
        if code == default and imposer not in (None, default):
            targets = targets or [imposer]
            imposer = code
        elif targets or code == default or _is_retaliation(reading) or _is_export_measure(anchor):
            imposer = imposer or code
        else:
            targets = [code]
    targets = targets or _sibling_targets(reading, countries)
    targets = targets or [_target_from_context(reading, countries, imposer, recent, sectoral)]
    if imposer is None:
        imposer = default if targets[0] != default else _other_country(reading, countries, targets[0])
    return imposer, [None if target == imposer else target for target in targets]


def _is_export_measure(tariff: Token | None) -> bool:
    """'India's export duty', 'an export tax': a levy on goods leaving the country that modifies it."""
    return tariff is not None and any(
        c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in _cues()["export_words"] for c in tariff.children
    )


def _sibling_targets(reading: Reading, countries: dict[int, str]) -> list[str]:
    """'a 15% tariff on U.S. coal and a 10% levy on crude oil': a tariff coordinated with an earlier one
    hits the goods of the same country."""
    tariff = reading.tariff
    if tariff is None or tariff.dep_ != "conj" or not _is_tariff_noun(tariff.head):
        return []
    return _explicit_targets(reading, tariff.head, countries)


def _explicit_targets(reading: Reading, anchor: Token | None, countries: dict[int, str]) -> list[str]:
    """'on Chinese goods', 'on all countries', 'Japan facing ...', 'Korea was slapped with', 'imports from
    Vietnam', 'cars made in China', 'applies to all Australian goods'; with the countries coordinated with
    the first ('from Brazil and Argentina')."""
    cues = _cues()
    candidates: list[Token] = []
    for token in (anchor, reading.governor):
        if token is not None:
            candidates.extend(_prep_objects(token, tuple(cues["target_preps"] - {"for"})))
    governor = reading.governor
    if governor is not None and governor.lemma_.lower() in cues["target_verbs"]:
        candidates.extend(c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass"))
    elif governor is not None and governor.lemma_.lower() in cues["tariff_verbs"] | cues["imposing_verbs"]:
        candidates.extend(c for c in governor.children if c.dep_ == "nsubjpass" and c.i != (anchor.i if anchor else -1))
    if governor is not None and governor.lemma_.lower() in cues["goods_ranges"]:
        candidates.extend(_prep_objects(governor, ("to",)))
    for head in candidates:
        phrase = _phrase(head)
        if _matches_any(phrase, cues["all_partners"]):
            return [ALL_PARTNERS]
        for token in phrase + _origin_places(phrase):
            if token.i in countries:
                return _coordinated_codes(token, phrase, countries)
    return []


def _origin_places(phrase: list[Token]) -> list[Token]:
    """'vehicles made in China', 'steel shipped from Vietnam': the place a participle of origin names."""
    verbs = [c for t in phrase for c in t.children if c.dep_ == "acl" and c.lemma_.lower() in _cues()["origin_verbs"]]
    return [obj for verb in verbs for obj in _prep_objects(verb, ("in", "from", "by")) for obj in obj.subtree]


def _coordinated_codes(token: Token, phrase: list[Token], countries: dict[int, str]) -> list[str]:
    """The country of `token` and of the country names coordinated in its phrase ('Mexican and Canadian
    goods', 'steel from Brazil and Argentina'), each once, in text order."""
    coordinated = [t for t in phrase if t.dep_ == "conj" and t.i > token.i]
    codes = [countries[t.i] for t in (token, *coordinated) if t.i in countries]
    return list(dict.fromkeys(codes))


def _explicit_imposer(reading: Reading, countries: dict[int, str]) -> str | None:
    """The subject of 'impose', 'cut', 'raise' ... or the agent of 'imposed by'."""
    cues = _cues()
    verbs = [reading.governor] if reading.governor is not None else []
    if reading.tariff is not None:
        verbs.extend(c for c in reading.tariff.children if c.dep_ == "acl")
    for verb in verbs:
        if verb.lemma_.lower() not in cues["imposer_verbs"]:
            continue
        for child in verb.children:
            if child.dep_ == "nsubj" or child.dep_ == "agent":
                for token in child.subtree:
                    if token.i in countries:
                        return countries[token.i]
    return None


def _country_modifiers(anchor: Token | None, countries: dict[int, str]) -> list[Token]:
    """'U.S. tariffs', "Japan's tariff", 'Chinese duties'."""
    if anchor is None:
        return []
    found = []
    for child in anchor.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            found.extend(t for t in child.subtree if t.i in countries)
    return found[:1]


def _is_retaliation(reading: Reading) -> bool:
    return _measure_cue(reading.scope) == "retaliatory"


def _target_from_context(
    reading: Reading, countries: dict[int, str], imposer: str | None, recent: list[str], sectoral: bool
) -> str | None:
    """All partners when the clause says so. A product tariff noun (a sectoral measure on every origin)
    hits the country its clause names, else all partners; any other rate the first other country of the
    sentence, else of the previous sentence, else the latest target of an earlier claim (the subject
    carried over)."""
    cues = _cues()
    near = _near_tokens(reading)
    if _matches_any(reading.scope, cues["all_partners"]) or _measure_cue(near) == "baseline":
        return ALL_PARTNERS
    if _matches_any(near, cues["universal_without_country"]) and not _products_of(reading):
        return ALL_PARTNERS
    blocked = {imposer or cues["default_imposer"]}
    if sectoral and reading.tariff is not None:
        phrase = _phrase(reading.tariff)
        codes = [countries[t.i] for t in phrase if t.i in countries and countries[t.i] not in blocked]
        return codes[0] if codes else ALL_PARTNERS
    sent = reading.percent.token.sent
    doc = sent.doc
    for sentence in (sent, doc[sent.start - 1].sent if sent.start > 0 else None):
        if sentence is None:
            continue
        codes = [countries[t.i] for t in sentence if t.i in countries and countries[t.i] not in blocked]
        if codes:
            return codes[0]
    carried = [code for code in recent if code not in blocked]
    return carried[0] if carried else (ALL_PARTNERS if sectoral else None)


def _phrase(head: Token) -> list[Token]:
    """The noun phrase of `head` without clauses, appositions and prepositions other than on/from/of/against."""
    tokens, stack = [], [head]
    while stack:
        token = stack.pop()
        tokens.append(token)
        for child in token.children:
            if child.dep_ in ("relcl", "appos", "acl", "advcl", "ccomp", "punct", "cc"):
                continue
            if child.dep_ == "prep" and child.lower_ not in ("on", "from", "of", "against"):
                continue
            stack.append(child)
    return sorted(tokens, key=lambda t: t.i)


def _other_country(reading: Reading, countries: dict[int, str], target: str | None) -> str | None:
    for token in reading.percent.token.sent:
        code = countries.get(token.i)
        if code and code != target:
            return code
    return None


def _matches_any(tokens: list[Token], phrases: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Whether a cue phrase occurs as consecutive tokens among `tokens` (each word by lemma or lower case)."""
    for position, token in enumerate(tokens):
        for key in {token.lemma_.lower(), token.lower_}:
            if any(_phrase_at(tokens, position, phrase) for phrase in phrases.get(key, ())):
                return True
    return False


def _phrase_at(tokens: list[Token], position: int, phrase: tuple[str, ...]) -> bool:
    if position + len(phrase) > len(tokens):
        return False
    first = tokens[position].i
    for offset, word in enumerate(phrase[1:], start=1):
        token = tokens[position + offset]
        if token.i != first + offset or word not in (token.lemma_.lower(), token.lower_):
            return False
    return True


def _measure_cue(tokens: list[Token]) -> str | None:
    for name, phrases in _cues()["measures"]:
        if _matches_any(tokens, phrases):
            return name
    return None


def _measure(reading: Reading, product: str | None, target: str | None) -> str | None:
    """Cue words on the tariff noun and the path to the rate; else sectoral for a product, baseline for all
    partners (a total or overall rate on every partner is the baseline: 'combined' only means something for
    one country's goods)."""
    cue = _measure_cue(_near_tokens(reading))
    if product and cue in (None, "baseline", "country-specific"):
        return "sectoral"
    if target == ALL_PARTNERS and not product and cue in (None, "combined"):
        return "baseline"
    return cue


def _near_tokens(reading: Reading) -> list[Token]:
    """The rate, the nouns between it and the tariff noun, and their modifiers: where measure cues count."""
    anchor = reading.tariff if reading.tariff is not None else reading.governor
    heads = [reading.percent.token, *reading.path] + ([anchor] if anchor is not None else [])
    tokens = {}
    for head in heads:
        tokens[head.i] = head
        if head.pos_ in NOUNS and not _modifies_other_rate(head, reading.percent):
            for child in head.children:
                if child.dep_ in ("amod", "compound", "nmod", "poss") or child.lower_ == "under":
                    tokens.update((t.i, t) for t in child.subtree)
    return [tokens[i] for i in sorted(tokens)]


def _modifies_other_rate(noun: Token, percent: Percent) -> bool:
    """'a 25% fentanyl-related tariff on goods, 25% on cars': the tariff noun's modifiers describe its own
    rate, not the later rates coordinated with it."""
    return any(
        child.dep_ in ("nmod", "nummod", "compound", "amod") and _subtree_has_other_percent(child, percent)
        for child in noun.children
    )


def _status(reading: Reading) -> str:
    """The first status whose cue the rate's clause holds. A rate someone asks to change ("pressed them to
    scrap the 25% levy") or that a condition may change ("unless the tariff is removed") stands as it is.
    Without a cue, a rate stated in the present or past tense is in effect."""
    chain = _verb_chain(reading.governor)
    if any(verb.lemma_.lower() in _cues()["demand_verbs"] for verb in chain):
        return "in_effect"
    if _is_threatened(chain):
        return "proposed"
    words = [t for t in reading.scope if t.pos_ != "PROPN"]
    to_new_level = any(t.lower_ == "to" and t.dep_ == "prep" for t in reading.path)
    for name, phrases in _cues()["status"]:
        if name == "removed" and to_new_level:
            continue
        if _matches_any(words, phrases):
            if _in_condition(reading):
                return "in_effect" if name == "removed" else "unknown"
            return _cues()["status_labels"].get(name, name)
    if chain and _is_finite_indicative(chain[-1]):
        return "in_effect"
    if not chain and reading.tariff is not None and _is_definite(reading.tariff):
        return "in_effect"
    return "unknown"


def _is_finite_indicative(verb: Token) -> bool:
    """A verb in the present or past tense, itself or through its auxiliary ('was slapped', 'is charged')."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ in ("VBZ", "VBP", "VBD") or any(a.tag_ in ("VBZ", "VBP", "VBD") for a in auxiliaries)


def _is_threatened(chain: list[Token]) -> bool:
    """'warned that EU goods would face 30%', 'threatened that the rate would rise': a future a threat reports
    (unlike 'warned that a 10% tariff was still high')."""
    if not chain or chain[-1].dep_ != "ccomp":
        return False
    future = any(c.dep_ == "aux" and c.tag_ == "MD" for c in chain[-1].children)
    return future and chain[-1].head.lemma_.lower() in _cues()["threat_verbs"]


def _is_definite(noun: Token) -> bool:
    """'despite the 25% U.S. tariff', 'regarding its 10% levy': a tariff named as a known, existing one."""
    definite = ("the", "this", "these", "that")
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in definite) for c in noun.children)


def _in_condition(reading: Reading) -> bool:
    current = reading.governor
    while current is not None:
        if _is_condition(current):
            return True
        current = current.head if current.head.i != current.i else None
    return False


def _effective_date(reading: Reading, dates):
    """The first resolved date attached to the rate. Nearest first: a time modifier of a clause on a noun
    between rate and tariff ('plans for a hike from 10% to double that come July'); then its noun phrase
    ('the June 1 increase') or a time modifier of its verb ('took effect on April 3', 'starting in July',
    'effective Aug. 6')."""
    anchor = reading.tariff if reading.tariff is not None else reading.percent.token
    path_verbs = [t for t in reading.path if t.pos_ in VERBS]
    path_clauses = [c for t in reading.path if t.pos_ in NOUNS for c in t.children if c.dep_ == "acl"]
    near = {c.i for c in path_clauses} | _time_modifiers(path_clauses)
    attached = {t.i for t in _phrase(anchor)} | _time_modifiers(_verb_chain(reading.governor) + path_verbs)
    return _first_date_in(near, reading, dates) or _first_date_in(attached, reading, dates)


def _time_modifiers(verbs: list[Token]) -> set[int]:
    """Token indices of the verbs' time modifiers: 'on April 3', 'in July', 'effective Aug. 6', 'July'."""
    date_words = _cues()["date_words"]
    found = set()
    for verb in verbs:
        for child in verb.children:
            time_word = child.dep_ in ("prep", "advcl", "advmod") and child.lower_ in date_words
            if child.dep_ == "npadvmod" or time_word:
                found.update(t.i for t in child.subtree)
    return found


def _first_date_in(allowed: set[int], reading: Reading, dates):
    doc = reading.percent.token.doc
    for row in dates or []:
        span = doc.char_span(row["start"], row["end"], alignment_mode="expand")
        if span is not None and span.root.i in allowed and row.get("date_start") is not None:
            return row["date_start"]
    return None
