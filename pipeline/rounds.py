"""Round stage: numbered negotiation rounds ("the third round of trade talks", "6th tariff talks", "round five").

A round is an ordinal attached in the parse to a series noun ("talks",
"negotiations", "round"), or a number right after "round". The word "round"
alone is ambiguous (a cup tie, a runoff, job cuts), so it counts only when its
"of" complement is a series noun, or, bare, in a document about trade talks.
Several mentions of the same number in one document are one round whose
attributes are merged. Cue words live in models/rounds.json.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from .annotations import Annotation, Claim, Mention, Round, TimeExpression
from .attribution import attributed_to
from .context import DocContext
from .language import countries_in, entity_of, is_hedged, token_country
from .lexicons import load_json
from .stage import DocState, Stage

NUMERIC_ORDINAL = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$", re.IGNORECASE)
VERB_POS = ("VERB", "AUX")
PHRASE_CORE_DEPS = ("compound", "poss", "amod", "nmod", "conj", "appos", "det", "case", "nummod", "cc")


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    raw = load_json("rounds.json")
    cues: dict[str, Any] = {key: frozenset(raw[key]) for key in ("round_nouns", "series_nouns", "trade_context", "motion_words", "start_verbs", "end_prepositions")}
    cues["location_prepositions"] = frozenset(raw["location_prepositions"])
    cues["location_labels"] = frozenset(raw["location_labels"])
    cues["date_types"] = frozenset(raw["date_types"])
    cues["status"] = {key: frozenset(values) for key, values in raw["status"].items()}
    cues["level_of_word"] = {word: level for level, words in raw["levels"].items() for word in words}
    cues["ordinals"] = raw["ordinals"]
    cues["cardinals"] = raw["cardinals"]
    cues["max_round_number"] = raw["max_round_number"]
    cues["relative_rounds"] = raw["relative_rounds"]
    cues["ongoing_days_after_start"] = raw["ongoing_days_after_start"]
    cues["min_trade_context_tokens"] = raw["min_trade_context_tokens"]
    return cues


@dataclass
class RoundMention:
    """One place in the text that names one or more numbered rounds ("the third and fourth rounds")."""

    numbers: list[int]
    number_tokens: list[Token]
    noun: Token
    series: Token | None
    span: Span
    verb: Token | None = None


def ordinal_value(token: Token) -> int | None:
    """3 for "third" or "3rd"; None for anything else."""
    match = NUMERIC_ORDINAL.match(token.text)
    value = int(match.group(1)) if match else _cues()["ordinals"].get(token.lower_)
    return value if value and value <= _cues()["max_round_number"] else None


def cardinal_value(token: Token) -> int | None:
    """5 for "five" or "5" (the number in "round five"); None for anything else."""
    if token.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY"):
        return None
    value = int(token.text) if token.text.isdigit() else _cues()["cardinals"].get(token.lower_)
    return value if value and value <= _cues()["max_round_number"] else None


def is_round_noun(token: Token) -> bool:
    return token.lower_ in _cues()["round_nouns"]


def is_series_noun(token: Token) -> bool:
    return token.lower_ in _cues()["series_nouns"] and token.pos_ in ("NOUN", "PROPN")


def ordinal_modifiers(noun: Token) -> list[Token]:
    """The ordinals that number `noun`, with their conjuncts ("third and fourth rounds")."""
    found = []
    for child in noun.children:
        if child.dep_ in ("amod", "nummod", "compound", "advmod", "npadvmod") and child.i < noun.i and ordinal_value(child):
            found.append(child)
            found.extend(conj for conj in child.conjuncts if ordinal_value(conj))
    return sorted(set(found), key=lambda token: token.i)


def following_number(noun: Token) -> Token | None:
    """The number right after "round" ("round five", "Round 6"), which the parser may hang either way."""
    if noun.i + 1 >= len(noun.doc) or noun.lower_ != "round":
        return None
    after = noun.doc[noun.i + 1]
    return after if after.tag_ == "CD" and cardinal_value(after) else None


def of_complement(tokens: list[Token]) -> Token | None:
    """The object of an "of" attached to any of `tokens` ("round of talks", "round five of negotiations")."""
    for token in tokens:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [child for child in prep.children if child.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return None


def is_trade_document(doc: Doc) -> bool:
    cues = _cues()
    count = sum(1 for token in doc if token.lower_ in cues["trade_context"])
    return count >= cues["min_trade_context_tokens"]


def round_series(noun: Token, number_tokens: list[Token], trade_document: bool) -> tuple[bool, Token | None]:
    """(is a negotiation round, its series noun): "round of talks", "round talks", "the talks, the third round"; bare "round" needs a trade document."""
    if not is_round_noun(noun):
        return True, None
    complement = of_complement([noun, *number_tokens])
    if complement is not None:
        return is_series_noun(complement), complement
    if noun.dep_ in ("compound", "amod", "nmod") and noun.head.pos_ in ("NOUN", "PROPN"):
        return is_series_noun(noun.head), noun.head
    if noun.dep_ == "appos" and is_series_noun(noun.head):
        return True, noun.head
    return trade_document, None


def round_mention(noun: Token, trade_document: bool) -> RoundMention | None:
    """The numbered round that `noun` ("round" or a series noun) names, or None."""
    number_tokens = ordinal_modifiers(noun)
    numbers = [value for token in number_tokens if (value := ordinal_value(token))]
    if not number_tokens and is_round_noun(noun):
        after = following_number(noun)
        if after is not None:
            number_tokens, numbers = [after], [value for value in [cardinal_value(after)] if value]
    if not number_tokens:
        return None
    is_round, series = round_series(noun, number_tokens, trade_document)
    if not is_round:
        return None
    return _mention(numbers, number_tokens, noun, series)


def relative_round_mention(noun: Token, trade_document: bool) -> tuple[RoundMention, int] | None:
    """("the next round", +1) or ("the previous round of talks", -1): a round counted from another; its number is set later."""
    if not is_round_noun(noun) or noun.lower_ != "round":
        return None
    offsets = _cues()["relative_rounds"]
    modifiers = [child for child in noun.children if child.dep_ == "amod" and child.i < noun.i and child.lower_ in offsets]
    if not modifiers:
        return None
    is_round, series = round_series(noun, modifiers, trade_document)
    if not is_round:
        return None
    return _mention([0], modifiers, noun, series), offsets[modifiers[0].lower_]


def _mention(numbers: list[int], number_tokens: list[Token], noun: Token, series: Token | None) -> RoundMention:
    start = min(number_tokens[0].i, noun.i)
    end = max(noun.i, number_tokens[-1].i, series.i if series is not None else noun.i) + 1
    return RoundMention(numbers, number_tokens, noun, series, noun.doc[start:end])


def find_round_mentions(doc: Doc, ctx: DocContext) -> tuple[list[RoundMention], list[tuple[RoundMention, int]]]:
    """(numbered round mentions, (relative round mention, offset) pairs) in the body."""
    trade_document = None
    mentions, relative = [], []
    for token in doc:
        if not (is_round_noun(token) or is_series_noun(token)):
            continue
        if not ctx.in_body(token.idx, token.idx + len(token)):
            continue
        if trade_document is None:
            trade_document = is_trade_document(doc)
        mention = round_mention(token, trade_document)
        if mention is not None:
            mentions.append(mention)
            continue
        counted = relative_round_mention(token, trade_document)
        if counted is not None:
            relative.append(counted)
    return mentions, relative


def is_prepositional_verb(token: Token) -> bool:
    """A participle that works as a preposition ("Following the fifth round, ...")."""
    cues = _cues()["status"]
    return token.lower_ in cues["held_prepositions"] or token.lower_ in cues["planned_prepositions"]


def governing_verb(mention: RoundMention) -> Token | None:
    for ancestor in mention.noun.ancestors:
        if ancestor.pos_ in VERB_POS and not is_prepositional_verb(ancestor):
            return ancestor
    return None


def governing_preposition(noun: Token) -> Token | None:
    """The preposition that introduces the round phrase ("following the fifth round", "for a third round")."""
    node = noun
    while node.dep_ in ("conj", "appos") and node.head is not node:
        node = node.head
    if (node.dep_ == "pobj" and node.head.pos_ == "ADP") or (node.dep_ == "dobj" and is_prepositional_verb(node.head)):
        prep = node.head
        if prep.lower_ == "of" and prep.head.lower_ == "ahead":
            return prep.head
        return prep
    return None


def verb_status(verb: Token) -> str | None:
    """Status from a verb's tense, aspect and modality, or None when it says nothing."""
    cues = _cues()["status"]
    children = list(verb.children)
    auxiliaries = [child for child in children if child.dep_ in ("aux", "auxpass")]
    if any(aux.tag_ == "MD" and aux.lower_ in cues["planned_modals"] for aux in auxiliaries):
        return "planned"
    if any(aux.tag_ == "TO" for aux in auxiliaries):
        return "planned"
    if verb.lemma_.lower() in cues["planned_verbs"] and verb.lemma_.lower() not in cues["held_verbs"]:
        return "planned"
    if verb.tag_ == "VBD":
        return "held"
    if verb.tag_ == "VBN" and any(aux.tag_ in ("VBD", "VBZ", "VBP") and aux.lemma_ == "have" for aux in auxiliaries):
        return "held"
    if verb.tag_ == "VBN" and any(aux.tag_ == "VBD" for aux in auxiliaries):
        return "held"
    if verb.tag_ in ("VBZ", "VBP") or (verb.tag_ in ("VBG", "VBN") and any(aux.tag_ in ("VBZ", "VBP") for aux in auxiliaries)):
        return "ongoing"
    return None


def clause_status(mention: RoundMention) -> str:
    """Status from the preposition that introduces the round, else from the verbs above it."""
    cues = _cues()["status"]
    prep = governing_preposition(mention.noun)
    if prep is not None and prep.lower_ in cues["held_prepositions"]:
        return "held"
    if prep is not None and prep.lower_ in cues["planned_prepositions"]:
        return "planned"
    for ancestor in mention.noun.ancestors:
        if ancestor.pos_ in VERB_POS:
            status = verb_status(ancestor)
            if status:
                return status
    return "unknown"


def status_from_date(anchor: date | None, date_start: date | None, date_end: date | None) -> str:
    if anchor is None or date_start is None:
        return "unknown"
    if date_start > anchor:
        return "planned"
    if (date_end or date_start) < anchor:
        return "held"
    return "ongoing"


def round_level(mention: RoundMention) -> str | None:
    """"ministerial", "working" or "leaders" from words inside the round phrase."""
    level_of_word = _cues()["level_of_word"]
    tokens = list(mention.span)
    if mention.series is not None:
        tokens.extend(mention.series.lefts)
    for word in level_words(tokens):
        level = level_of_word.get(word)
        if level:
            return level
    return None


def level_words(tokens: list[Token]):
    """The lower-cased words, each hyphenated compound ("vice-ministerial") before its parts."""
    if not tokens:
        return
    doc = tokens[0].doc
    for token in tokens:
        if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not doc[token.i + 1].whitespace_:
            yield f"{token.lower_}-{doc[token.i + 2].lower_}"
        yield token.lower_


def noun_phrase_core(head: Token) -> list[Token]:
    """`head` with its modifiers, conjuncts, appositions, "from" and "including" phrases ("officials from Japan"), but no clauses."""
    core, stack = [], [head]
    while stack:
        token = stack.pop()
        core.append(token)
        stack.extend(child for child in token.children if child.dep_ in PHRASE_CORE_DEPS)
        stack.extend(child for child in token.children if child.dep_ == "prep" and child.lower_ in ("from", "including"))
        if token.dep_ == "prep":
            stack.extend(child for child in token.children if child.dep_ == "pobj")
    return core


def verb_actors(verb: Token | None) -> list[Token]:
    """The noun phrases that take part in what `verb` says: subject, object, agent and "with"/"between" partner."""
    tokens: list[Token] = []
    if verb is None:
        return tokens
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            tokens.extend(noun_phrase_core(child))
        elif child.dep_ in ("prep", "agent") and child.lower_ in ("with", "between", "by"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    tokens.extend(noun_phrase_core(obj))
    return tokens


def round_phrase_actors(mention: RoundMention) -> list[Token]:
    """The round phrase's own core and its "with"/"between" partners ("talks with U.S. officials")."""
    heads = [mention.noun] + ([mention.series] if mention.series is not None else [])
    tokens = []
    for head in heads:
        tokens.extend(noun_phrase_core(head))
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "between"):
                tokens.extend(token for obj in prep.children if obj.dep_ == "pobj" for token in noun_phrase_core(obj))
    return tokens


def party_tokens(mention: RoundMention) -> list[Token]:
    """Tokens that can name the sides: the round phrase, and the subject, object and "with" partner of its verb."""
    return list(mention.noun.subtree) + verb_actors(mention.verb)


def round_parties(mention: RoundMention, people: list[Mention], document_countries: list[str]) -> list[str]:
    """The sides: countries named around the round, the countries of its participants, then the document's main countries."""
    parties = countries_in(party_tokens(mention))
    for person in people:
        country = person.country
        if country and country not in parties:
            parties.append(country)
    for code in document_countries:
        if len(parties) >= 2:
            break
        if code not in parties:
            parties.append(code)
    return sorted(parties)


def document_countries(doc: Doc, ctx: DocContext) -> list[str]:
    """The two countries the document names most often (the usual sides of "the two countries")."""
    counts = Counter(
        code for token in doc if not token.is_space and (code := token_country(token)) and ctx.in_body(token.idx, token.idx + 1)
    )
    return [code for code, _ in counts.most_common(2)]


def round_verbs(mention: RoundMention) -> list[Token]:
    """The round's verb and the verb it leads to ("is expected to be held", "plans to hold")."""
    if mention.verb is None:
        return []
    return [mention.verb, *(child for child in mention.verb.children if child.dep_ == "xcomp" and child.pos_ in VERB_POS)]


def round_location(mention: RoundMention) -> str | None:
    """Where the round takes place: "in Washington" on the round or its verb, or "to Washington" after a trip word."""
    cues = _cues()
    heads = [mention.noun] + ([mention.series] if mention.series is not None else [])
    if mention.verb is not None:
        heads.extend(round_verbs(mention))
        heads.extend(t for t in mention.verb.subtree if t.lemma_.lower() in cues["motion_words"])
    for head in heads:
        allowed = cues["location_prepositions"] | ({"to"} if head.lemma_.lower() in cues["motion_words"] else set())
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in allowed:
                continue
            for obj in prep.children:
                place = entity_of(obj) if obj.dep_ == "pobj" and obj.ent_type_ in cues["location_labels"] else None
                if place is not None:
                    return place.text
    return phrase_location(mention)


def phrase_location(mention: RoundMention) -> str | None:
    """A place named deeper in the round phrase ("the 14th round of negotiations on a trade pact in New Delhi")."""
    cues = _cues()
    phrase = {token for head in (mention.noun, *mention.number_tokens) for token in head.subtree}
    for token in sorted(phrase, key=lambda t: t.i):
        if token.dep_ == "pobj" and token.head.lower_ in cues["location_prepositions"] and token.ent_type_ in cues["location_labels"]:
            place = entity_of(token)
            if place is not None:
                return place.text
    return None


def _root(annotation: Annotation) -> Token | None:
    return annotation.span.root if len(annotation.span) else None


def _inside(annotation: Annotation, start_char: int, end_char: int) -> bool:
    return start_char <= annotation.start and annotation.end <= end_char


def _nearest_verb(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if ancestor.pos_ in VERB_POS:
            return ancestor
    return None


def linked_dates(mention: RoundMention, sent: Span, dates: list[TimeExpression]) -> list[TimeExpression]:
    """The dates that say when this round is: inside the round phrase first, then on its verb."""
    inside, on_verb = [], []
    phrase = {token.i for token in mention.noun.subtree}
    verbs = round_verbs(mention)
    for row in dates:
        if not usable_date(row):
            continue
        if not _inside(row, sent.start_char, sent.end_char):
            continue
        root = _root(row)
        if root is None:
            continue
        if root.i in phrase:
            inside.append(row)
        elif _nearest_verb(root) in verbs:
            on_verb.append(row)
    if inside and on_verb and all(within(row, inside) for row in on_verb):
        inside = []
    return sorted(inside or on_verb, key=lambda row: row.start)


def within(row: TimeExpression, frames: list[TimeExpression]) -> bool:
    """Whether `row` lies inside one of the wider `frames` ("the third round this year ... ended on Friday")."""
    return any(
        _interval(frame)[0] <= _interval(row)[0] and _interval(row)[1] <= _interval(frame)[1]
        and (frame.date_start, frame.date_end) != (row.date_start, row.date_end)
        for frame in frames
    )


def _interval(row: TimeExpression) -> tuple[date, date]:
    """The (start, end) of a usable date (one with a start; a day without an end ends where it starts)."""
    assert row.date_start is not None
    return row.date_start, row.date_end or row.date_start


def usable_date(row: TimeExpression) -> bool:
    return row.type in _cues()["date_types"] and row.date_start is not None and not row.is_dateline


def is_interval(rows: list[TimeExpression]) -> bool:
    """Whether later dates close an interval the first opens: "on Thursday and Friday", "from May 5 to May 9"."""
    first = _root(rows[0])
    for row in rows[1:]:
        root = _root(row)
        if first is None or root is None or not (root in first.conjuncts or root.head.lower_ in _cues()["end_prepositions"]):
            return False
    return True


def end_date(mention: RoundMention, sent: Span, dates: list[TimeExpression]) -> date | None:
    """When a round that has begun ends: "until Friday" on its verb, a verb joined to it, or a verb whose subject is the talks, here or in the next sentence."""
    doc = sent.doc
    verbs = {mention.verb, *mention.verb.conjuncts} if mention.verb is not None else set()
    last = doc[sent.end].sent.end_char if sent.end < len(doc) else sent.end_char
    found = None
    for row in dates:
        if not usable_date(row) or not _inside(row, sent.start_char, last):
            continue
        root = _root(row)
        if root is None or root.head.lower_ not in _cues()["end_prepositions"]:
            continue
        verb = _nearest_verb(root)
        if verb in verbs or (verb is not None and any(
            child.dep_ in ("nsubj", "nsubjpass") and (is_series_noun(child) or is_round_noun(child)) for child in verb.children
        )):
            found = max(found or _interval(row)[1], _interval(row)[1])
    return found


def earlier_talks_date(mention: RoundMention, dates: list[TimeExpression], round_sentences: set[int]) -> TimeExpression | None:
    """The date of un-numbered talks up to two sentences before ("held talks last week ... Following the fifth round, ...")."""
    doc = mention.noun.doc
    sent = mention.noun.sent
    for _ in range(2):
        if sent.start == 0:
            return None
        sent = doc[sent.start - 1].sent
        if sent.start in round_sentences:
            return None
        verbs = {_nearest_verb(token) for token in sent if is_series_noun(token)} - {None}
        for row in dates:
            if usable_date(row) and _inside(row, sent.start_char, sent.end_char):
                root = _root(row)
                if root is not None and _nearest_verb(root) in verbs:
                    return row
    return None


def started_status(anchor: date | None, date_start: date, date_end: date | None) -> str:
    """Status of a round that "began" on date_start: by its end date, else ongoing for a few days after the start."""
    if date_end is not None or anchor is None:
        return status_from_date(anchor, date_start, date_end)
    if date_start > anchor:
        return "planned"
    return "ongoing" if (anchor - date_start).days <= _cues()["ongoing_days_after_start"] else "held"


def dates_per_number(mention: RoundMention, sent: Span, dates: list[TimeExpression]) -> list[tuple[date | None, date | None]]:
    """(date_start, date_end) for each number of the mention: "the third and fourth rounds ... on May 23 and May 30"."""
    rows = linked_dates(mention, sent, dates)
    if len(rows) == len(mention.numbers) > 1:
        return [(row.date_start, row.date_end) for row in rows]
    if len(mention.numbers) == 1 and len(rows) > 1 and is_interval(rows):
        return [(rows[0].date_start, max(_interval(row)[1] for row in rows))]
    if rows:
        return [(rows[0].date_start, rows[0].date_end)] * len(mention.numbers)
    return [(None, None)] * len(mention.numbers)


def people_of(mention: RoundMention, sent: Span, people: list[Mention], round_sentences: set[int]) -> list[Mention]:
    """PERSON mentions that take part in the round.

    Those in the round phrase or acting on its verb, else the actors of the
    sentence before (unless it speaks of another round); plus the actors of the
    sentence after when its subject is the talks themselves ("These talks will involve ...").
    """
    doc = sent.doc

    def actors_in(tokens: list[Token], span: Span) -> list[Mention]:
        indices = {token.i for token in tokens}
        return [
            person for person in people
            if _inside(person, span.start_char, span.end_char) and (root := _root(person)) is not None and root.i in indices
        ]

    chosen = actors_in(round_phrase_actors(mention) + verb_actors(mention.verb), sent)
    if not chosen and sent.start > 0:
        before = doc[sent.start - 1].sent
        if before.start not in round_sentences:
            chosen = actors_in(verb_actors(before.root), before)
    if sent.end < len(doc):
        after = doc[sent.end].sent
        if any(is_series_noun(subject) or is_round_noun(subject) for subject in after.root.children
               if subject.dep_ in ("nsubj", "nsubjpass")):
            chosen += actors_in(verb_actors(after.root), after)
    return chosen


def describe(mention: RoundMention, ctx: DocContext, dates: list[TimeExpression], people: list[Mention], context: dict):
    """One dict of attributes per number in the mention; `context` holds the document's main countries and round sentences."""
    sent = mention.noun.sent
    mention.verb = governing_verb(mention)
    participants = people_of(mention, sent, people, context["round_sentences"])
    shared = {
        "parties": round_parties(mention, participants, context["countries"]),
        "level": round_level(mention),
        "location": round_location(mention),
        "participants": sorted({f"{ctx.doc_id}/{person.key}" for person in participants}),
    }
    status = clause_status(mention)
    spans = dates_per_number(mention, sent, dates)
    if all(start is None for start, _ in spans):
        earlier = earlier_talks_date(mention, dates, context["round_sentences"])
        if earlier is not None and status in ("unknown", status_from_date(ctx.anchor_date, earlier.date_start, earlier.date_end)):
            spans = [(earlier.date_start, earlier.date_end)] * len(mention.numbers)
    started = mention.verb is not None and mention.verb.lemma_.lower() in _cues()["start_verbs"] and status != "planned"
    described = []
    for number, (date_start, date_end) in zip(mention.numbers, spans):
        row_status = status if status != "unknown" else status_from_date(ctx.anchor_date, date_start, date_end)
        if started and date_start is not None:
            date_end = end_date(mention, sent, dates) or date_end
            row_status = started_status(ctx.anchor_date, date_start, date_end if date_end != date_start else None)
        described.append({**shared, "round_number": number, "status": row_status, "date_start": date_start, "date_end": date_end})
    return described


def merge(first: dict, other: dict) -> None:
    """Fill what the first mention of a round left open from a later mention of the same round."""
    first["parties"] = sorted(set(first["parties"]) | set(other["parties"]))
    first["participants"] = sorted(set(first["participants"]) | set(other["participants"]))
    for key in ("level", "location", "date_start", "date_end"):
        if first[key] is None:
            first[key] = other[key]
    if first["status"] == "unknown":
        first["status"] = other["status"]


def extract_rounds(doc: Doc, ctx: DocContext, dates: list[TimeExpression], mentions: list[Mention]) -> tuple[list[Round], list[Claim]]:
    """(rounds, negotiation_round claims): one of each per numbered round the document speaks of."""
    found, relative = find_round_mentions(doc, ctx)
    if not found:
        return [], []
    people = [mention for mention in mentions if mention.label == "PERSON"]
    sentences = {m.noun.sent.start for m in found} | {m.noun.sent.start for m, _ in relative}
    context = {"countries": document_countries(doc, ctx), "round_sentences": sentences}
    by_number: dict[int, dict] = {}
    for mention in found:
        add_round(by_number, mention, describe(mention, ctx, dates, people, context))
    for mention, offset in relative:
        number = counted_round_number(mention, offset, found, by_number)
        if number is not None:
            mention.numbers = [number]
            add_round(by_number, mention, describe(mention, ctx, dates, people, context))
    attributes = list(by_number.values())
    return [round_annotation(a) for a in attributes], [claim_annotation(a) for a in attributes]


def run(state: DocState) -> dict[str, list]:
    rounds, claims = extract_rounds(state.doc, state.ctx, state["dates"], state["mentions"])
    return {"rounds": rounds, "round_claims": claims}


STAGE = Stage(
    name="rounds.v1", requires=("doc", "context", "dates", "mentions"), assigns=("rounds", "round_claims"), run=run
)


def add_round(by_number: dict[int, dict], mention: RoundMention, described: list[dict]) -> None:
    for attributes in described:
        number = attributes["round_number"]
        if number in by_number:
            merge(by_number[number], attributes)
        else:
            by_number[number] = {**attributes, "_span": mention.span, "_sent": mention.noun.sent}


def counted_round_number(mention: RoundMention, offset: int, found: list[RoundMention], by_number: dict[int, dict]) -> int | None:
    """The number of "the next/previous round", from the nearest numbered round before it (else after it).

    "Next" after a round still to come is that round itself ("a sixth round next week ... the next round will focus on cars").
    """
    before = [m for m in found if m.noun.i < mention.noun.i]
    base = max(before, key=lambda m: m.noun.i) if before else min(found, key=lambda m: m.noun.i)
    number = base.numbers[-1] if before else base.numbers[0]
    if offset > 0 and by_number[number]["status"] == "planned":
        return number
    return number + offset if number + offset >= 1 else None


def round_annotation(attributes: dict) -> Round:
    return Round(
        attributes["_span"],
        **{key: attributes[key] for key in ("round_number", "parties", "level", "status", "date_start", "date_end", "location")},
    )


def trimmed(sent: Span) -> Span:
    """The sentence without the whitespace tokens that blanked-out clutter leaves at its edges."""
    start, end = sent.start, sent.end
    while start < end - 1 and sent.doc[start].is_space:
        start += 1
    while end - 1 > start and sent.doc[end - 1].is_space:
        end -= 1
    return sent.doc[start:end]


def claim_annotation(attributes: dict) -> Claim:
    sent = trimmed(attributes["_sent"])
    return Claim(
        sent,
        claim_type="negotiation_round",
        status=attributes["status"],
        round_number=attributes["round_number"],
        date_start=attributes["date_start"],
        date_end=attributes["date_end"],
        parties=attributes["parties"],
        participants=attributes["participants"],
        hedged=is_hedged(sent),
        attributed_to=attributed_to(sent),
    )
