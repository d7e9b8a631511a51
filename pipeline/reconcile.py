"""Reconcile claims across documents into facts (docs/CONTRACT.md `facts`, docs/confidence.md).

A claim is keyed by what it is about: a tariff by (imposer, target, product,
measure), a round by (parties, round number). Under one key, claims with the
same value merge into one fact. Different values are either a sequence (an
explicit change "from 25% to 50%", a different status such as planned vs in
effect, explicitly different effective dates), which gives one fact per value,
or a disagreement, which gives one `conflict` fact listing every alternative
with its support. Round dates merge by intersecting intervals; dates that do
not intersect disagree.

A product tariff on every partner (target ALL) and the same imposer, product
and rate said of one named partner are one measure seen at two scopes: the
partner's claims join the ALL fact, which keeps target ALL. A named partner at
another rate is an exception to the measure and stays a fact of its own. A
claim that a rate changed "from P" also supports the fact that the rate was P
(its claim and document count for that fact, never as a conflicting value).

A round whose documents give no date is still bounded by when they were
published: a round reported as planned takes place on or after its document's
publication date, one reported as held on or before it. The fact gets the
interval these bounds close on both ends (latest "planned" publication to
earliest "held" publication), else no date.

Support is counted in documents and in independent sources: all articles of
one outlet, and a story republished elsewhere (identical body or identical
claim sentence), count as one source.
"""

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlparse

from .countries import ALL_PARTNERS
from .lexicons import load_json
from .schemas import CLAIM_ATTRIBUTES

ATTRIBUTE_NAMES = tuple(name for name, _ in CLAIM_ATTRIBUTES)
LIST_ATTRIBUTES = ("parties", "participants")
KEY_FIELDS = ("imposer", "target", "product", "measure")
WILDCARD_FIELDS = ("imposer", "target", "measure")
ERA_GAP = timedelta(days=365)
CONFLICT_WINDOW = timedelta(days=90)
UNKNOWN_STATUS = "unknown"
SPACE = re.compile(r"\s+")
NON_WORD = re.compile(r"[^\w%.]+")
TOP_FACTS = 5


@dataclass(frozen=True)
class Source:
    """Who published a document, and a fingerprint of its body to spot republished stories."""

    outlet: str
    body: str
    published: date | None


@dataclass
class Alternative:
    """One competing value under a key, with the claims that give it and the claims that witness it
    without giving it (a change "from" this rate to another)."""

    label: str
    claims: list[dict]
    value: dict
    witnesses: list[dict] = field(default_factory=list)

    @property
    def support(self) -> list[dict]:
        return self.claims + self.witnesses


@dataclass
class Group:
    """Claims under one key that become one fact: its alternatives, and claims that fit any of them."""

    alternatives: list[Alternative]
    undecided: list[dict]
    subject: tuple = ()
    fixed: dict = field(default_factory=dict)

    @property
    def claims(self) -> list[dict]:
        return [c for alt in self.alternatives for c in alt.support] + self.undecided


def reconcile_facts(claims: list[dict], documents: list[dict]) -> list[dict]:
    """One row per fact (schemas.FACTS), from every claim of the run."""
    sources = {doc["doc_id"]: document_source(doc) for doc in documents}
    by_type: dict[str, list[dict]] = defaultdict(list)
    for claim in claims:
        by_type[claim["claim_type"]].append(claim)
    groups: list[Group] = []
    for claim_type, typed in sorted(by_type.items()):
        reconcile = RECONCILERS.get(claim_type, exact_groups)
        groups.extend(reconcile(typed, sources))
    facts = [fact_row(group, sources) for group in groups]
    return sorted(facts, key=fact_order)


# Sources


def document_source(document: dict) -> Source:
    return Source(outlet_name(document), body_fingerprint(document), document.get("published_date"))


def outlet_name(document: dict) -> str:
    """The publisher; without one, the URL's host, else the input source."""
    outlet, url = document.get("outlet"), document.get("url")
    if isinstance(outlet, str) and outlet.strip():
        return outlet.strip()
    host = urlparse(url if isinstance(url, str) else "").hostname
    if host:
        return host.removeprefix("www.")
    return document.get("source") or document["doc_id"]


def normalised(text: str) -> str:
    return SPACE.sub(" ", NON_WORD.sub(" ", text.lower())).strip()


def body_fingerprint(document: dict) -> str:
    text = document.get("text") or ""
    spans = document.get("body_spans")
    body = " ".join(text[s["start"] : s["end"]] for s in spans) if spans is not None else text
    return hashlib.sha1(normalised(body).encode("utf-8")).hexdigest()


def independent_sources(claims: list[dict], sources: dict[str, Source]) -> int:
    """How many independent sources give these claims.

    Claims are one source when their documents share an outlet or a body, or
    when they are the same sentence (a republished story around other clutter).
    """
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str], int] = {}
    for i, claim in enumerate(claims):
        for label in source_labels(claim, sources):
            if label in first_with:
                parent[find(i)] = find(first_with[label])
            else:
                first_with[label] = i
    return len({find(i) for i in range(len(claims))})


def source_labels(claim: dict, sources: dict[str, Source]) -> list[tuple[str, str]]:
    labels = [("text", normalised(claim.get("text") or claim["claim_id"]))]
    source = sources.get(claim["doc_id"])
    if source:
        labels += [("outlet", source.outlet.casefold()), ("body", source.body)]
    return labels


def published(claim: dict, sources: dict[str, Source]) -> date | None:
    source = sources.get(claim["doc_id"])
    return source.published if source else None


# Tariff rates


def measure_families(scope: str) -> dict[str, str | None]:
    """Measure labels that news copy uses loosely for one thing (models/measures.json `measure_families`):
    claims with the same rate and labels of one family merge. `scope` is "product" or "country"."""
    return load_json("measures.json")["measure_families"][scope]


def tariff_key(claim: dict) -> tuple:
    """(imposer, target, product, measure family) under which claims with the same rate merge."""
    measure = claim.get("measure")
    families = measure_families("product" if claim.get("product") else "country")
    return (claim.get("imposer"), claim.get("target"), claim.get("product"), families.get(measure, measure))


def open_fields(key: tuple) -> int:
    return sum(1 for name, value in zip(KEY_FIELDS, key) if name in WILDCARD_FIELDS and value is None)


def refines(specific: tuple, general: tuple) -> bool:
    """Whether `specific` fills in some of `general`'s open fields and agrees on every other one."""
    if specific == general:
        return False
    for name, s, g in zip(KEY_FIELDS, specific, general):
        if s != g and not (g is None and name in WILDCARD_FIELDS):
            return False
    return True


def rate_of(claim: dict) -> float | None:
    rate = claim.get("rate")
    return None if rate is None else round(float(rate), 3)


def tariff_groups(claims: list[dict], sources: dict[str, Source]) -> list[Group]:
    """Tariff claims as facts: same key and rate merge; different rates are a sequence or a conflict."""
    by_key: dict[tuple, list[list[dict]]] = defaultdict(list)
    for (key, _), members in merge_into_all_partners(resolve_open_fields(claims)).items():
        by_key[key].extend(eras(members, sources))
    groups = []
    for key, values in by_key.items():
        for component in conflicting_components(values, sources):
            alternatives = [Alternative(format_rate(rate_of(v[0])), v, {"rate": rate_of(v[0])}) for v in component]
            groups.append(Group(alternatives, [], key, dict(zip(("imposer", "target", "product"), key))))
    add_previous_rate_witnesses(groups)
    return groups


def merge_into_all_partners(resolved: dict[tuple, list[dict]]) -> dict[tuple, list[dict]]:
    """A product tariff said of one partner joins the same imposer's tariff on that product for every
    partner (target ALL) at the same rate: one measure seen at two scopes. Not the claims of a document
    that gives the all-partner tariff another rate (there the partner is an exception)."""
    merged = {key_rate: list(members) for key_rate, members in resolved.items()}
    for (key, rate), members in resolved.items():
        imposer, target, product, measure = key
        general = ((imposer, ALL_PARTNERS, product, measure), rate)
        if product is None or target in (None, ALL_PARTNERS) or general not in merged:
            continue
        contrasting = {c["doc_id"] for (k, r), same in resolved.items() if k == general[0] and r != rate for c in same}
        kept = [c for c in members if c["doc_id"] in contrasting]
        merged[general].extend(c for c in members if c["doc_id"] not in contrasting)
        if kept:
            merged[(key, rate)] = kept
        else:
            del merged[(key, rate)]
    return merged


def add_previous_rate_witnesses(groups: list[Group]) -> None:
    """A claim that a rate changed "from P" witnesses the fact with its key and rate P, if there is one."""
    by_key_rate: dict[tuple, Alternative] = {}
    for group in groups:
        for alternative in group.alternatives:
            by_key_rate.setdefault((group.subject, alternative.value["rate"]), alternative)
    for group in groups:
        for claim in [c for alt in group.alternatives for c in alt.claims]:
            previous = claim.get("previous_rate")
            target = by_key_rate.get((group.subject, None if previous is None else round(float(previous), 3)))
            if target is not None and claim not in target.claims:
                target.witnesses.append(claim)


def resolve_open_fields(claims: list[dict]) -> dict[tuple, list[dict]]:
    """Claims by (key, rate); a claim that leaves imposer, target or measure open joins the best-supported
    more specific key that has the same rate ("a 25% tariff on cars" joins the U.S. 25% tariff on cars)."""
    by_value: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        by_value[(tariff_key(claim), rate_of(claim))].append(claim)
    resolved: dict[tuple, list[dict]] = {}
    for key, rate in sorted(by_value, key=lambda kr: (open_fields(kr[0]), repr(kr))):
        candidates = [k for (k, r) in resolved if r == rate and refines(k, key)]
        if candidates:
            best = max(candidates, key=lambda k: (len(resolved[(k, rate)]), -open_fields(k), repr(k)))
            resolved[(best, rate)] = resolved[(best, rate)] + by_value[(key, rate)]
        else:
            resolved[(key, rate)] = list(by_value[(key, rate)])
    return resolved


def claim_time(claim: dict, sources: dict[str, Source]) -> date | None:
    """When a tariff claim applies: its effective date, else its document's publication date."""
    return claim.get("effective_date") or published(claim, sources)


def eras(claims: list[dict], sources: dict[str, Source]) -> list[list[dict]]:
    """Split claims of one rate where their times lie more than ERA_GAP apart (a 25% in 2019 and a 25% in
    2025 are two facts); claims with no time join the largest era."""
    timed = sorted((c for c in claims if claim_time(c, sources)), key=lambda c: (claim_time(c, sources), c["claim_id"]))
    groups: list[list[dict]] = []
    for claim in timed:
        if groups and (claim_time(claim, sources) - claim_time(groups[-1][-1], sources)) <= ERA_GAP:
            groups[-1].append(claim)
        else:
            groups.append([claim])
    untimed = [c for c in claims if not claim_time(c, sources)]
    if not groups:
        return [untimed]
    largest = max(range(len(groups)), key=lambda i: (len(groups[i]), i))
    groups[largest].extend(untimed)
    return groups


def conflicting_components(values: list[list[dict]], sources: dict[str, Source]) -> list[list[list[dict]]]:
    """Value groups under one key, gathered into sets whose members all contradict each other.

    Best-supported values first; each joins the first set it contradicts entirely, else starts its own,
    so two rates in a sequence (25% then 50%) never end up as alternatives of one conflict.
    """
    ordered = sorted(values, key=lambda v: (-len({c["doc_id"] for c in v}), sort_rate(rate_of(v[0])), min(c["claim_id"] for c in v)))
    components: list[list[list[dict]]] = []
    for value in ordered:
        home = next(
            (
                component
                for component in components
                if rate_of(value[0]) is not None
                and all(rate_of(m[0]) is not None and not is_sequence(value, m, sources) for m in component)
            ),
            None,
        )
        if home is None:
            components.append([value])
        else:
            home.append(value)
    return [sorted(component, key=lambda v: sort_rate(rate_of(v[0]))) for component in components]


def is_sequence(claims_a: list[dict], claims_b: list[dict], sources: dict[str, Source]) -> bool:
    """Whether two values under one key can both be true: they speak of different measures, times or states."""
    return (
        rate_of(claims_a[0]) == rate_of(claims_b[0])
        or shared_document(claims_a, claims_b)
        or changes_between(rate_of(claims_a[0]), claims_b)
        or changes_between(rate_of(claims_b[0]), claims_a)
        or differs(claims_a, claims_b, "measure")
        or differs(claims_a, claims_b, "status")
        or apart(claim_times(claims_a, "effective_date", sources), claim_times(claims_b, "effective_date", sources), 0)
        or apart(claim_times(claims_a, None, sources), claim_times(claims_b, None, sources), CONFLICT_WINDOW.days)
    )


def shared_document(claims_a: list[dict], claims_b: list[dict]) -> bool:
    """One article giving both rates does not contradict itself: they are parts or stages of the measure."""
    return not {c["doc_id"] for c in claims_a}.isdisjoint(c["doc_id"] for c in claims_b)


def changes_between(rate: float, claims: list[dict]) -> bool:
    """Some claim says the rate changed from `rate` (so `rate` held before, the claim's rate after)."""
    return any(c.get("previous_rate") is not None and round(float(c["previous_rate"]), 3) == rate for c in claims)


def differs(claims_a: list[dict], claims_b: list[dict], name: str) -> bool:
    """Both values have a known `name` (most claims' measure or status) and they differ: a planned or
    suspended rate does not contradict one in effect, a country-specific 14% does not contradict a total 24%."""
    a, b = majority(claims_a, name), majority(claims_b, name)
    return a is not None and b is not None and a != b


def majority(claims: list[dict], name: str):
    counts = Counter(c.get(name) for c in claims if c.get(name) not in (None, UNKNOWN_STATUS))
    if not counts:
        return None
    best = max(counts.values())
    return min(value for value, n in counts.items() if n == best)


def claim_times(claims: list[dict], name: str | None, sources: dict[str, Source]) -> list[date]:
    """Effective dates (`name`), or when each claim applies (None: effective date else publication date)."""
    times = [c.get(name) if name else claim_time(c, sources) for c in claims]
    return [t for t in times if t]


def apart(times_a: list[date], times_b: list[date], days: int) -> bool:
    """Both have times, and all of one lie more than `days` before all of the other."""
    if not times_a or not times_b:
        return False
    return (min(times_b) - max(times_a)).days > days or (min(times_a) - max(times_b)).days > days


def sort_rate(rate: float | None) -> float:
    return -1.0 if rate is None else rate


def format_rate(rate: float | None) -> str:
    return "unknown" if rate is None else f"{rate:g}%"


# Negotiation rounds


def round_groups(claims: list[dict], sources: dict[str, Source]) -> list[Group]:
    """Round claims as facts: one per (parties, round number), dates intersected, disjoint dates in conflict."""
    return [interval_group(members, sources) for members in resolve_parties(claims).values()]


def resolve_parties(claims: list[dict]) -> dict[tuple, list[dict]]:
    """Claims by (parties, round number); a claim naming fewer parties joins the one key that names more."""
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        by_key[(tuple(sorted(set(claim.get("parties") or []))), claim.get("round_number"))].append(claim)
    resolved: dict[tuple, list[dict]] = {}
    for parties, number in sorted(by_key, key=lambda k: (-len(k[0]), repr(k))):
        wider = [k for k in resolved if k[1] == number and set(parties) < set(k[0])]
        if len(wider) == 1:
            resolved[wider[0]] = resolved[wider[0]] + by_key[(parties, number)]
        else:
            resolved[(parties, number)] = list(by_key[(parties, number)])
    return resolved


def claim_interval(claim: dict) -> tuple[date, date] | None:
    start, end = claim.get("date_start"), claim.get("date_end")
    if start is None and end is None:
        return None
    return (start or end, end or start)


def intersect(a: tuple[date, date], b: tuple[date, date]) -> tuple[date, date] | None:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start <= end else None


def interval_group(claims: list[dict], sources: dict[str, Source]) -> Group:
    """Narrowest dates first: each claim narrows the one interval it fits; one that fits none opens a
    new alternative; one that fits several (a "next week" around two competing days) decides nothing.
    The publication dates of planned and held reports bound the round too: they narrow a dated
    interval when it fits them, and give the dates when no report has any (if both ends close)."""
    dated = sorted(
        (c for c in claims if claim_interval(c)),
        key=lambda c: (claim_interval(c)[1] - claim_interval(c)[0], claim_interval(c), c["claim_id"]),
    )
    intervals: list[tuple[date, date]] = []
    members: list[list[dict]] = []
    undecided = [c for c in claims if not claim_interval(c)]
    for claim in dated:
        fits = [i for i, interval in enumerate(intervals) if intersect(interval, claim_interval(claim))]
        if len(fits) == 1:
            intervals[fits[0]] = intersect(intervals[fits[0]], claim_interval(claim))
            members[fits[0]].append(claim)
        elif fits:
            undecided.append(claim)
        else:
            intervals.append(claim_interval(claim))
            members.append([claim])
    if not intervals:
        bounds = publication_bounds(undecided, sources)
        label = format_interval(bounds) if bounds else "unknown"
        start, end = bounds or (None, None)
        return Group([Alternative(label, undecided, {"date_start": start, "date_end": end})], [])
    if len(intervals) == 1:
        intervals[0] = narrowed_by_publication(intervals[0], claims, sources)
    alternatives = [
        Alternative(format_interval(interval), group, {"date_start": interval[0], "date_end": interval[1]})
        for interval, group in sorted(zip(intervals, members), key=lambda pair: pair[0])
    ]
    if len(alternatives) == 1:
        alternatives[0].claims.extend(undecided)
        undecided = []
    return Group(alternatives, undecided)


def status_bounds(claims: list[dict], sources: dict[str, Source]) -> tuple[date | None, date | None]:
    """A round is on or after the publication of any report that it is planned, and on or before the
    publication of any report that it was held."""
    planned = [d for d in (published(c, sources) for c in claims if c.get("status") == "planned") if d]
    held = [d for d in (published(c, sources) for c in claims if c.get("status") == "held") if d]
    return (max(planned) if planned else None, min(held) if held else None)


def publication_bounds(claims: list[dict], sources: dict[str, Source]) -> tuple[date, date] | None:
    """The interval the status bounds give on their own; None unless both ends close."""
    earliest, latest = status_bounds(claims, sources)
    if earliest is None or latest is None or earliest > latest:
        return None
    return earliest, latest


def narrowed_by_publication(interval: tuple[date, date], claims: list[dict], sources: dict[str, Source]):
    """`interval` cut by the status bounds, unless that would leave nothing (then the text wins)."""
    earliest, latest = status_bounds(claims, sources)
    bounds = (earliest or interval[0], latest or interval[1])
    return intersect(interval, bounds) or interval


def format_interval(interval: tuple[date, date]) -> str:
    start, end = interval
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


# Claim types without their own rules


def exact_groups(claims: list[dict], sources: dict[str, Source]) -> list[Group]:
    """Claims of a type with no reconciling rules: identical attributes merge, nothing else."""
    by_value: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        by_value[tuple(hashable(claim.get(name)) for name in ATTRIBUTE_NAMES if name != "status")].append(claim)
    return [Group([Alternative("", members, {})], []) for members in by_value.values()]


def hashable(value) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


RECONCILERS: dict[str, Callable[[list[dict], dict[str, Source]], list[Group]]] = {
    "tariff_rate": tariff_groups,
    "negotiation_round": round_groups,
}


# Fact rows


def fact_row(group: Group, sources: dict[str, Source]) -> dict:
    claims = group.claims
    support = [independent_sources(alt.support, sources) for alt in group.alternatives]
    leader = leading_alternative(group.alternatives, support)
    basis = leader.claims if leader else claims
    row = {name: consensus(basis, name, sources) for name in ATTRIBUTE_NAMES if name != "status"}
    row.update(group.fixed)
    row.update(leader.value if leader else {key: None for key in group.alternatives[0].value})
    for name in LIST_ATTRIBUTES:
        row[name] = sorted({item for c in claims for item in c.get(name) or []})
    doc_ids = sorted({c["doc_id"] for c in claims})
    n_outlets = independent_sources(claims, sources)
    conflict = len(group.alternatives) > 1
    row.update(
        fact_id=fact_id(claims),
        claim_status=claim_status(basis, sources),
        status="conflict" if conflict else ("single_source" if n_outlets == 1 else "agreed"),
        n_documents=len(doc_ids),
        n_outlets=n_outlets,
        doc_ids=doc_ids,
        claim_ids=sorted(c["claim_id"] for c in claims),
        outlets=sorted({sources[d].outlet for d in doc_ids if d in sources}),
        alternatives=[alternative_row(alt) for alt in group.alternatives] if conflict else [],
        confidence=confidence(basis, support, leader_support(support, group.alternatives, leader), sources),
    )
    return row


def leading_alternative(alternatives: list[Alternative], support: list[int]) -> Alternative | None:
    """The value with strictly the most independent sources; None on a tie (no source's value is picked)."""
    if len(alternatives) == 1:
        return alternatives[0]
    best = max(support)
    leaders = [alt for alt, n in zip(alternatives, support) if n == best]
    return leaders[0] if len(leaders) == 1 else None


def leader_support(support: list[int], alternatives: list[Alternative], leader: Alternative | None) -> int:
    return support[alternatives.index(leader)] if leader else max(support)


def consensus(claims: list[dict], name: str, sources: dict[str, Source]):
    """The value most claims give (nulls aside); a tie goes to the latest-published claim's value."""
    counts = Counter(hashable(c.get(name)) for c in claims if c.get(name) is not None)
    if not counts:
        return None
    best = max(counts.values())
    tied = [c for c in claims if c.get(name) is not None and counts[hashable(c.get(name))] == best]
    latest = max(tied, key=lambda c: (published(c, sources) or date.min, str(c.get(name))))
    return latest[name]


def claim_status(claims: list[dict], sources: dict[str, Source]) -> str:
    known = [c for c in claims if c.get("status") and c["status"] != UNKNOWN_STATUS]
    return consensus(known, "status", sources) if known else UNKNOWN_STATUS


def alternative_row(alternative: Alternative) -> dict:
    doc_ids = sorted({c["doc_id"] for c in alternative.claims})
    return {"value": alternative.label, "n_documents": len(doc_ids), "doc_ids": doc_ids}


def fact_id(claims: Iterable[dict]) -> str:
    digest = hashlib.sha1("\0".join(sorted(c["claim_id"] for c in claims)).encode("utf-8")).hexdigest()
    return f"fact:{digest[:16]}"


def confidence(claims: list[dict], support: list[int], chosen: int, sources: dict[str, Source]) -> float:
    """support x agreement x hedging x attribution, each in 0..1 (docs/confidence.md)."""
    from_support = 1 - 0.5 ** chosen
    agreement = chosen / sum(support)
    hedging = 1 - 0.5 * share(claims, lambda c: bool(c.get("hedged")))
    attribution = 1 - 0.2 * share(claims, unnamed_attribution)
    return round(from_support * agreement * hedging * attribution, 3)


def share(claims: list[dict], test: Callable[[dict], bool]) -> float:
    return sum(1 for c in claims if test(c)) / len(claims) if claims else 0.0


def unnamed_attribution(claim: dict) -> bool:
    """Attributed to someone the text does not name ("a government source", "officials")."""
    source = claim.get("attributed_to")
    return isinstance(source, str) and bool(source) and not any(word[:1].isupper() for word in source.split())


def fact_order(fact: dict) -> tuple:
    return (
        fact["claim_type"],
        repr([fact.get(name) for name in ("imposer", "target", "product", "measure", "parties", "round_number")]),
        fact.get("effective_date") or fact.get("date_start") or date.min,
        sort_rate(fact.get("rate")),
        fact["fact_id"],
    )


# End-of-run summary


def summary_lines(tables: dict[str, list[dict]]) -> list[str]:
    """Counts of documents, claims, facts and conflicts, then the best-supported facts and every conflict."""
    facts = tables.get("facts", [])
    statuses = Counter(f["status"] for f in facts)
    lines = [
        f"documents: {len(tables.get('documents', []))}, claims: {len(tables.get('claims', []))}, "
        f"facts: {len(facts)} (agreed {statuses['agreed']}, single source {statuses['single_source']}, "
        f"conflicts {statuses['conflict']})"
    ]
    top = sorted(facts, key=lambda f: (-f["n_outlets"], -f["n_documents"], -f["confidence"], f["fact_id"]))
    if top:
        lines.append("top facts by support:")
        lines += [f"  {support_note(f)} {describe(f)}" for f in top[:TOP_FACTS]]
    conflicts = [f for f in facts if f["status"] == "conflict"]
    if conflicts:
        lines.append("conflicts:")
        lines += [f"  {describe_subject(f)}: {' vs '.join(alternative_note(a) for a in f['alternatives'])}" for f in conflicts]
    return lines


def support_note(fact: dict) -> str:
    return f"[{fact['n_outlets']} sources, {fact['n_documents']} docs, conf {fact['confidence']:.2f}]"


def alternative_note(alternative: dict) -> str:
    return f"{alternative['value']} ({alternative['n_documents']} docs)"


def describe(fact: dict) -> str:
    if fact["claim_type"] == "tariff_rate":
        value = format_rate(fact["rate"]) if fact.get("rate") is not None else "disputed rate"
        return f"{describe_subject(fact)}: {value}, {fact['claim_status']}"
    if fact["claim_type"] == "negotiation_round":
        if fact.get("date_start"):
            when = format_interval((fact["date_start"], fact["date_end"]))
        else:
            when = "date unknown" if fact["status"] != "conflict" else "disputed date"
        return f"{describe_subject(fact)}: {when}, {fact['claim_status']}"
    return describe_subject(fact)


def describe_subject(fact: dict) -> str:
    if fact["claim_type"] == "tariff_rate":
        parts = [fact.get("imposer") or "?", "on", fact.get("target") or "?"]
        parts += [p for p in (fact.get("product"), fact.get("measure")) if p]
        return "tariff " + " ".join(parts)
    if fact["claim_type"] == "negotiation_round":
        return f"round {fact.get('round_number')} {'-'.join(fact.get('parties') or []) or '?'}"
    return fact["claim_type"]
