"""Cross-document entity resolution: doc-local entities -> one canonical entity per real-world thing.

Countries, organisations and places join by their canonical name. People join
when their names are the same up to case, accents and titles, or close enough
(rapidfuzz) while the context agrees: a shared role or the same country. So
"Brenan, US Treasury Secretary" in one article and "Treasury Secretary Paul
Brennan" in another are one person whether or not the gazetteer knows him; the
gazetteer, when it does, gives the canonical name, roles and country.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from .entities import local_key
from .entity_rules import norm_text, people, person_by_form

FULL_NAME_SCORE = 88
WORD_SCORE = 85
SAME_FIRST_NAME_SCORE = 80
CONTEXT_FREE_SCORE = 96
SHORT_WORD = 4
DISTINCTIVE_WORD = 6
ENTITY_TYPES = {"person": "PERSON", "org": "ORG", "country": "GPE", "place": "GPE"}


@dataclass
class LocalEntity:
    """One entity inside one document, with everything its mentions said about it."""

    local_id: str
    kind: str
    name: str
    doc_id: str
    roles: set[str] = field(default_factory=set)
    countries: Counter = field(default_factory=Counter)
    n_mentions: int = 0

    @property
    def words(self) -> list[str]:
        return _words(self.name)


@dataclass
class Cluster:
    """A person across documents: its members, plus the gazetteer entry when there is one."""

    members: list[LocalEntity] = field(default_factory=list)
    entry: dict | None = None
    number: int = -1

    @property
    def names(self) -> list[str]:
        """Each distinct name once: the gazetteer name first, then the members' names."""
        return list(dict.fromkeys(([self.entry["name"]] if self.entry else []) + [m.name for m in self.members]))

    @property
    def roles(self) -> set[str]:
        roles = set(self.entry["roles"]) if self.entry else set()
        return roles.union(*(m.roles for m in self.members))

    @property
    def countries(self) -> set[str]:
        found = {self.entry["country"]} if self.entry and self.entry["country"] else set()
        return found.union(*(m.countries for m in self.members))


def resolve_entities(mentions: list[dict]) -> tuple[list[dict], list[dict], dict[str, str]]:
    """(mentions with global entity ids, entity rows, doc-local id -> global id)."""
    locals_ = _local_entities(mentions)
    id_map: dict[str, str] = {}
    names: dict[str, str] = {}
    for local in locals_.values():
        if local.kind != "person":
            id_map[local.local_id] = _global_id(local.kind, local.name, next(iter(local.countries), None))
            names.setdefault(id_map[local.local_id], local.name)
    for cluster in _person_clusters([e for e in locals_.values() if e.kind == "person"]):
        name = _cluster_name(cluster)
        global_id = _unused_person_id(name, cluster, names)
        for member in cluster.members:
            id_map[member.local_id] = global_id
        names[global_id] = name
    resolved = []
    for row in mentions:
        global_id = id_map[row["entity_id"]]
        resolved.append({**row, "entity_id": global_id, "name": names[global_id]})
    return resolved, _entity_rows(resolved, names), id_map


def _global_id(kind: str, name: str, country: str | None) -> str:
    if kind == "country" and country:
        return f"country:{country.lower()}"
    return local_key(kind, name, country)


def _unused_person_id(name: str, cluster: Cluster, taken: dict[str, str]) -> str:
    """"person:<name>", qualified by country (then a number) when another person already has that name."""
    base = _global_id("person", name, None)
    if base not in taken:
        return base
    candidates = [f"{base}-{c.lower()}" for c in sorted(cluster.countries)] + [f"{base}-{n}" for n in range(2, 100)]
    return next(c for c in candidates if c not in taken)


def _local_entities(mentions: list[dict]) -> dict[str, LocalEntity]:
    found: dict[str, LocalEntity] = {}
    for row in mentions:
        local = found.setdefault(
            row["entity_id"], LocalEntity(row["entity_id"], row.get("type") or "org", row["name"], row["doc_id"])
        )
        local.roles.update(row.get("roles") or [])
        if row.get("country"):
            local.countries[row["country"]] += 1
        local.n_mentions += 1
    return found


class NameIndex:
    """Clusters by the first and last words of their names: a person is compared only with clusters with a close word."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self.by_word: dict[str, list[int]] = defaultdict(list)

    def add(self, cluster: Cluster) -> Cluster:
        cluster.number = len(self.clusters)
        self.clusters.append(cluster)
        self.index(cluster, cluster.names)
        return cluster

    def index(self, cluster: Cluster, names: list[str]) -> None:
        number = cluster.number
        for name in names:
            words = _words(name)
            for word in {words[0], words[-1]}:
                if number not in self.by_word[word]:
                    self.by_word[word].append(number)

    def matches(self, person: LocalEntity) -> list[Cluster]:
        """The clusters that are this person, in the order they were made."""
        keys = list(self.by_word)
        numbers: set[int] = set()
        for word in {person.words[0], person.words[-1]}:
            for key, _, _ in process.extract(word, keys, scorer=fuzz.ratio, score_cutoff=WORD_SCORE, limit=None):
                numbers.update(self.by_word[key])
        return [self.clusters[n] for n in sorted(numbers) if _same_person(person, self.clusters[n])]


def _person_clusters(persons: list[LocalEntity]) -> list[Cluster]:
    """Greedy clustering: full names first, then single words, each joining the one cluster that fits.

    People with the same name and context (a president named in every article) are decided once.
    """
    found = NameIndex()
    by_entry: dict[str, Cluster] = {}
    decided: dict[tuple, Cluster] = {}
    for person in sorted(persons, key=lambda p: (-len(p.words), -p.n_mentions, p.name, p.local_id)):
        key = (norm_text(person.name), frozenset(person.roles), frozenset(person.countries))
        if key not in decided:
            decided[key] = _cluster_for(person, found, by_entry)
        cluster = decided[key]
        cluster.members.append(person)
        found.index(cluster, [person.name])
    return found.clusters


def _cluster_for(person: LocalEntity, found: NameIndex, by_entry: dict[str, Cluster]) -> Cluster:
    """The gazetteer person's cluster, else the one existing cluster that matches, else a new one."""
    entry = _gazetteer_entry(person)
    if entry is not None:
        if entry["name"] not in by_entry:
            by_entry[entry["name"]] = found.add(Cluster(entry=entry))
        return by_entry[entry["name"]]
    candidates = found.matches(person)
    return candidates[0] if len(candidates) == 1 else found.add(Cluster())


@lru_cache(maxsize=1)
def _gazetteer_index() -> NameIndex:
    index = NameIndex()
    for entry in people():
        index.add(Cluster(entry=entry))
    return index


def _gazetteer_entry(person: LocalEntity) -> dict | None:
    """The gazetteer entry for a name: exact (up to case and accents), or close when role or country agrees."""
    entry = person_by_form().get(norm_text(person.name))
    if entry:
        return entry
    fuzzy = _gazetteer_index().matches(person)
    return fuzzy[0].entry if len(fuzzy) == 1 else None


def _words(name: str) -> list[str]:
    return norm_text(name).replace("-", " ").split() or [""]


def _same_person(person: LocalEntity, cluster: Cluster) -> bool:
    """Whether a doc-local person is the cluster's: names close, context not contradicting (and agreeing if fuzzy)."""
    if person.countries and cluster.countries and not set(person.countries) & cluster.countries:
        return False
    context_agrees = bool(person.roles & cluster.roles) or bool(set(person.countries) & cluster.countries)
    for name in cluster.names:
        score = _name_score(person.words, _words(name))
        if score == 100 or (score >= CONTEXT_FREE_SCORE and max(len(w) for w in person.words) >= DISTINCTIVE_WORD):
            return True
        if score and context_agrees:
            return True
    return False


def _name_score(words: list[str], other: list[str]) -> float:
    """100 for the same name or a name part of it; the fuzzy score when close enough; else 0."""
    if words == other:
        return 100
    if len(words) == 1 and len(other) > 1:
        return _word_score(words[0], [other[0], other[-1]])
    if len(words) > 1 and len(other) == 1:
        return _word_score(other[0], [words[0], words[-1]])
    if len(words) != len(other):
        return 0
    if len(words) > 1 and fuzz.ratio(words[0], other[0]) < SAME_FIRST_NAME_SCORE and words[0][0] != other[0][0]:
        return 0
    if len(words) > 1 and fuzz.ratio(words[-1], other[-1]) < WORD_SCORE:
        return 0
    score = fuzz.ratio(" ".join(words), " ".join(other))
    return score if score >= (FULL_NAME_SCORE if len(words) > 1 else WORD_SCORE) else 0


def _word_score(word: str, parts: list[str]) -> float:
    """A bare name against the first and last word of a full name; short words must match exactly."""
    if word in parts:
        return 99
    if len(word) <= SHORT_WORD:
        return 0
    best = max(fuzz.ratio(word, part) for part in parts)
    return best if best >= WORD_SCORE else 0


def _cluster_name(cluster: Cluster) -> str:
    """The gazetteer name, else the full name the most documents (then mentions) use."""
    if cluster.entry:
        return cluster.entry["name"]
    weight: Counter = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    for member in cluster.members:
        weight[member.name] += member.n_mentions
        docs[member.name].add(member.doc_id)
    return max(weight, key=lambda n: (len(n.split()) > 1, len(docs[n]), weight[n], n))


def _entity_rows(mentions: list[dict], names: dict[str, str]) -> list[dict]:
    """The `entities` table: one row per global entity, counted over the whole corpus."""
    rows: dict[str, dict] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        entity_id = mention["entity_id"]
        row = rows.get(entity_id) or rows.setdefault(entity_id, _new_entity_row(entity_id, names[entity_id], mention))
        row["aliases"].add(mention["text"])
        row["roles"].update(mention.get("roles") or [])
        if mention.get("country"):
            countries[entity_id][mention["country"]] += 1
        row["n_mentions"] += 1
        docs[entity_id].add(mention["doc_id"])
    for entity_id, row in rows.items():
        entry = person_by_form().get(norm_text(row["name"])) if row["type"] == "PERSON" else None
        if entry:
            row["roles"].update(entry["roles"])
        row["aliases"] = sorted(a for a in row["aliases"] if a != row["name"])
        row["roles"] = sorted(row["roles"])
        most_common = countries[entity_id].most_common(1)
        row["country"] = (entry and entry["country"]) or (most_common[0][0] if most_common else None)
        row["n_documents"] = len(docs[entity_id])
    return sorted(rows.values(), key=lambda r: r["entity_id"])


def _new_entity_row(entity_id: str, name: str, mention: dict) -> dict:
    kind = entity_id.split(":", 1)[0]
    return {
        "entity_id": entity_id,
        "name": name,
        "type": ENTITY_TYPES.get(kind, mention["label"]),
        "aliases": set(),
        "roles": set(),
        "country": None,
        "n_mentions": 0,
        "n_documents": 0,
    }
