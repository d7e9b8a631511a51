"""Reading the parse around a percentage: is it a tariff rate, and which tariff noun, verb and scope does it belong to?

For each percentage the reader climbs the dependency tree to the tariff noun it
describes ("a 25% tariff", "a duty of 10 percent", "raise tariffs ... to 25%",
"an increase in steel tariffs from 25% to 50%"); a percentage that reaches
another noun first ("a 45.1% drop in net profit", "inflation of 3%") is not a
tariff rate. Percentages come only from the quantities stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .annotations import Quantity
from .countries import country_code
from .language import matches_any
from .tariff_cues import all_goods_words, product_of_phrase, tariff_cues

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


def body_percents(ctx, quantities: list[Quantity]) -> list[Percent]:
    """The quantities stage's percentages in the body, except percentage points (never rates)."""
    found = [
        Percent(_percent_head(q.span), float(q.value), q.start, q.end)
        for q in quantities
        if q.unit == "percent" and q.value is not None
    ]
    return [p for p in found if ctx.in_body(p.start, p.end) and not _is_points(p)]


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


def from_to_pairs(percents: list[Percent]) -> tuple[dict[int, float], set[int]]:
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


def multiple_changes(percents: list[Percent], quantities: list[Quantity], ctx) -> dict[int, float]:
    """Changes to a multiple of the old rate: "a hike from 10% to nearly double that", "doubling the tariff
    on steel from 25%". Returns old-rate token -> factor (the quantities stage's `multiple` quantities)."""
    factors = {}
    for quantity in quantities:
        if quantity.unit != "multiple" or not quantity.value or not ctx.in_body(quantity.start, quantity.end):
            continue
        old = _old_rate_of_multiple(quantity.span, percents)
        if old is not None:
            factors[old.token.i] = float(quantity.value)
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


def change_reading(percent: Percent, factor: float) -> Reading | None:
    """The reading of the new rate `factor` x the old `percent`: the old rate's own reading, else the
    tariff noun nearest before its 'from' ("plans for an overall tariff hike from 10% to ...", where the
    parser hangs 'from' on 'plans')."""
    new = Percent(percent.token, round(factor * percent.value, 3), percent.start, percent.end)
    reading = read_percent(new)
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
    if is_tariff_noun(token):
        return _outer_tariff_noun(token)
    if token.lemma_.lower() in tariff_cues()["change_nouns"]:
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


def is_tariff_noun(token: Token) -> bool:
    if token.pos_ not in NOUNS and token.tag_ not in ("NN", "NNS"):
        return False
    cues = tariff_cues()
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
    return matches_any([modifiers[i] for i in sorted(modifiers)], tariff_cues()["other_taxes"])


def _outer_tariff_noun(token: Token) -> Token:
    """'the 10% baseline tariff': the head of a run of tariff words."""
    while token.dep_ in ("compound", "nmod", "amod") and is_tariff_noun(token.head):
        token = token.head
    return token


def _tariff_child(token: Token, deps: tuple[str, ...]) -> Token | None:
    """A tariff noun among the token's dependents of the given kinds."""
    return next((child for child in token.children if child.dep_ in deps and is_tariff_noun(child)), None)


def _tariff_in_prep(token: Token) -> Token | None:
    """'an increase in steel tariffs', 'a rate of duty': the tariff noun a change or rate noun is about."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "on"):
            for obj in child.children:
                if obj.dep_ == "pobj" and is_tariff_noun(obj):
                    return obj
    return None


def read_percent(percent: Percent) -> Reading | None:
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
        if is_tariff_noun(head):
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
    cues = tariff_cues()
    lemma = head.lemma_.lower()
    if lemma in cues["change_nouns"] or lemma in cues["rate_nouns"]:
        found = _tariff_in_prep(head) or _tariff_child(head, ("compound", "nmod", "amod"))
        if found is not None:
            return _reading(percent, found, path + [head])
        if rate_noun is None and _is_rate_noun(head) and len(path) <= 2:
            return head
        return True
    if token.lower_ == "at" and product_of_phrase(head) and _tariff_nearby(head):
        return _reading(percent, None, path + [head], goods=_goods_before(token) or [head])
    if token.dep_ in ("compound", "nmod", "amod") and product_of_phrase(head):
        return True
    return True if lemma in cues["measure_words"] else None


def _verb_step(percent: Percent, head: Token, token: Token, path: list[Token]):
    """At a verb on the way up: a Reading, True to climb on, or None to give up."""
    cues = tariff_cues()
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
        if token.pos_ in NOUNS and product_of_phrase(token):
            found.append(token)
    return found


def _is_level_prep(token: Token) -> bool:
    """'at 25%', 'to 25%': a level, unlike 'by 25%' (an amount of change) or 'of 25%' (a share)."""
    return token.dep_ == "prep" and token.lower_ in ("at", "to")


def _is_hit_with(token: Token) -> bool:
    """'Switzerland was hit with 39%', 'slapped with 25%': the rate a target verb's 'with' names."""
    return token.dep_ == "prep" and token.lower_ == "with" and token.head.lemma_.lower() in tariff_cues()["tariff_verbs"]


def _is_rate_noun(token: Token) -> bool:
    """'rate', 'level', 'total' ... unless another word makes it a different rate ('interest rate')."""
    if token.lemma_.lower() not in tariff_cues()["rate_nouns"]:
        return False
    blocked = tariff_cues()["other_rates"]
    return not any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in blocked for c in token.children)


def _product_subject(verb: Token) -> list[Token]:
    """'Steel and aluminium stay at 50%', 'UK steel will continue to pay 25%': the subject naming products."""
    if verb.dep_ == "xcomp" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "nmod" and c.i < verb.i)]
    return [c for c in subjects if product_of_phrase(c)]


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
            if lemma not in all_goods_words() and lemma not in tariff_cues()["rate_nouns"] and not product_of_phrase(child):
                return True
    return False


def _tariff_nearby(token: Token) -> bool:
    """Whether a bare rate ('goods face 40%', 'the rate could rise to 50%') can be a tariff: a tariff word in
    this or the previous sentence, or an article that speaks of tariffs in several sentences."""
    sent = token.sent
    start = sent.start
    if start > 0:
        start = token.doc[start - 1].sent.start
    if any(is_tariff_noun(t) for t in token.doc[start : sent.end]):
        return True
    return _tariff_sentence_count(token.doc) >= MIN_TARIFF_SENTENCES


def _tariff_sentence_count(doc: Doc) -> int:
    """Sentences with a tariff word, counted once per document (kept in doc.user_data)."""
    key = ("tariffs", "tariff_sentences")
    if key not in doc.user_data:
        doc.user_data[key] = sum(1 for sent in doc.sents if any(is_tariff_noun(t) for t in sent))
    return doc.user_data[key]


@lru_cache(maxsize=8192)
def _is_country(token: Token) -> bool:
    return country_code(token.text) is not None


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
    for verb in verb_chain(governor):
        tokens[verb.i] = verb
        for child in verb.children:
            if child.dep_ not in BUNDLE_DEPS or is_condition(child) or _is_finite_clause(child):
                continue
            if not subtree_has_other_percent(child, percent):
                tokens.update((t.i, t) for t in child.subtree)
    return [tokens[i] for i in sorted(tokens)]


def _is_finite_clause(token: Token) -> bool:
    """An adverbial clause with its own subject ('as both sides eye a possible deal') speaks of something else."""
    return token.dep_ == "advcl" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def verb_chain(governor: Token | None) -> list[Token]:
    """The governing verb and the verbs that frame it: 'threatened to impose', 'set to rise', and for
    'the increase, which would have raised tariffs ..., had been due' the verb of 'increase'."""
    chain = []
    current = governor
    while current is not None and len(chain) < 4:
        chain.append(current)
        if current.dep_ == "xcomp" or (current.dep_ == "acomp" and current.head.pos_ in VERBS):
            current = current.head
        elif current.dep_ == "relcl" and current.head.lemma_.lower() in tariff_cues()["change_nouns"]:
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
            return subtree_has_other_percent(current, percent)
        current = current.head
    return False


def subtree_has_other_percent(token: Token, percent: Percent) -> bool:
    subtree = list(token.subtree)
    others = any(t.lower_ in PERCENT_WORDS and t.i != percent.token.i for t in subtree)
    return others and percent.token not in subtree


def is_condition(token: Token) -> bool:
    markers = tariff_cues()["conditional_markers"]
    return any(c.dep_ == "mark" and c.lower_ in markers for c in token.children)
