"""The arguments of a tariff reading: products (one claim each), imposer and targets, and the measure."""

from __future__ import annotations

from spacy.tokens import Token

from .countries import ALL_PARTNERS
from .language import matches_any
from .tariff_cues import product_of_phrase, tariff_cues
from .tariff_reading import Percent, Reading, is_tariff_noun, subtree_has_other_percent

NOUNS = ("NOUN", "PROPN")

def products_of(reading: Reading) -> list[str]:
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
        product = product_of_phrase(head) or next(
            (p for t in noun_phrase(head) if t.pos_ in NOUNS and t.i != head.i and (p := product_of_phrase(t))), None
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


def imposer_and_targets(
    reading: Reading, countries: dict[int, str], recent: list[str], sectoral: bool
) -> tuple[str | None, list[str | None]]:
    """Who imposes the rate and on whom (one target per coordinated country: 'on Mexican and Canadian goods').
    A country modifying the tariff noun ("Japan's tariff", "U.S. tariffs") is the imposer when the target is
    named elsewhere, it is the usual imposer or the measure is retaliation, and the target otherwise; the
    usual imposer (models/measures.json) named so outranks the subject of the verb ("the EU agreed to a cap
    on U.S. tariffs"), which then becomes the target; with no imposer in the text, the usual imposer."""
    cues = tariff_cues()
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
        c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in tariff_cues()["export_words"] for c in tariff.children
    )


def _sibling_targets(reading: Reading, countries: dict[int, str]) -> list[str]:
    """'a 15% tariff on U.S. coal and a 10% levy on crude oil': a tariff coordinated with an earlier one
    hits the goods of the same country."""
    tariff = reading.tariff
    if tariff is None or tariff.dep_ != "conj" or not is_tariff_noun(tariff.head):
        return []
    return _explicit_targets(reading, tariff.head, countries)


def _explicit_targets(reading: Reading, anchor: Token | None, countries: dict[int, str]) -> list[str]:
    """'on Chinese goods', 'on all countries', 'Japan facing ...', 'Korea was slapped with', 'imports from
    Vietnam', 'cars made in China', 'applies to all Australian goods'; with the countries coordinated with
    the first ('from Brazil and Argentina')."""
    cues = tariff_cues()
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
        phrase = noun_phrase(head)
        if matches_any(phrase, cues["all_partners"]):
            return [ALL_PARTNERS]
        for token in phrase + _origin_places(phrase):
            if token.i in countries:
                return _coordinated_codes(token, phrase, countries)
    return []


def _origin_places(phrase: list[Token]) -> list[Token]:
    """'vehicles made in China', 'steel shipped from Vietnam': the place a participle of origin names."""
    verbs = [c for t in phrase for c in t.children if c.dep_ == "acl" and c.lemma_.lower() in tariff_cues()["origin_verbs"]]
    return [obj for verb in verbs for obj in _prep_objects(verb, ("in", "from", "by")) for obj in obj.subtree]


def _coordinated_codes(token: Token, phrase: list[Token], countries: dict[int, str]) -> list[str]:
    """The country of `token` and of the country names coordinated in its phrase ('Mexican and Canadian
    goods', 'steel from Brazil and Argentina'), each once, in text order."""
    coordinated = [t for t in phrase if t.dep_ == "conj" and t.i > token.i]
    codes = [countries[t.i] for t in (token, *coordinated) if t.i in countries]
    return list(dict.fromkeys(codes))


def _explicit_imposer(reading: Reading, countries: dict[int, str]) -> str | None:
    """The subject of 'impose', 'cut', 'raise' ... or the agent of 'imposed by'."""
    cues = tariff_cues()
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
    cues = tariff_cues()
    near = _near_tokens(reading)
    if matches_any(reading.scope, cues["all_partners"]) or _measure_cue(near) == "baseline":
        return ALL_PARTNERS
    if matches_any(near, cues["universal_without_country"]) and not products_of(reading):
        return ALL_PARTNERS
    blocked = {imposer or cues["default_imposer"]}
    if sectoral and reading.tariff is not None:
        phrase = noun_phrase(reading.tariff)
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


def noun_phrase(head: Token) -> list[Token]:
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


def _measure_cue(tokens: list[Token]) -> str | None:
    for name, phrases in tariff_cues()["measures"]:
        if matches_any(tokens, phrases):
            return name
    return None


def measure_of(reading: Reading, product: str | None, target: str | None) -> str | None:
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
        child.dep_ in ("nmod", "nummod", "compound", "amod") and subtree_has_other_percent(child, percent)
        for child in noun.children
    )
