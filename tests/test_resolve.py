"""Cross-document resolution: one canonical entity per person, organisation and country."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import entity_rules, resolve
from pipeline.context import DocContext
from pipeline.annotations import rows_of
from pipeline.entities import extract_mentions
from pipeline.parse import load_bare_nlp, mask_to_body
from pipeline.resolve import resolve_entities


def mention(doc_id, text, name, kind="person", roles=(), country=None, label="PERSON", n=0):
    return {
        "doc_id": doc_id,
        "mention_id": f"{doc_id}:m{n}",
        "start": 0,
        "end": len(text),
        "text": text,
        "label": label,
        "entity_id": f"{doc_id}/{kind}:{entity_rules.slug(name)}",
        "name": name,
        "type": kind,
        "roles": list(roles),
        "country": country,
    }


EMPTIED_CACHES = (entity_rules.people, entity_rules.person_by_form, resolve._gazetteer_index)


@pytest.fixture
def no_people_lexicon(monkeypatch):
    """models/people.json read as empty everywhere: only names and context can join mentions."""
    real_load_json = entity_rules.load_json

    def without_people(name):
        return {"people": []} if name == "people.json" else real_load_json(name)

    monkeypatch.setattr(entity_rules, "load_json", without_people)
    for cached in EMPTIED_CACHES:
        cached.cache_clear()
    yield
    monkeypatch.undo()
    for cached in EMPTIED_CACHES:
        cached.cache_clear()


def entity(rows, entity_id):
    (row,) = [r for r in rows if r["entity_id"] == entity_id]
    return row


def test_misspelled_surname_joins_the_gazetteer_name_when_the_role_agrees():
    rows, ents, id_map = resolve_entities(
        [
            mention("d1", "Scott Bessent", "Scott Bessent", roles=["Treasury Secretary"], country="USA"),
            mention("d2", "Besent", "Besent", roles=["Treasury Secretary"], country="USA"),
        ]
    )
    assert {r["entity_id"] for r in rows} == {"person:scott-bessent"}
    assert id_map == {"d1/person:scott-bessent": "person:scott-bessent", "d2/person:besent": "person:scott-bessent"}
    bessent = entity(ents, "person:scott-bessent")
    assert bessent["aliases"] == ["Besent"] and bessent["n_documents"] == 2 and bessent["country"] == "USA"


def test_misspelling_joins_without_the_lexicon_when_role_or_country_agrees(no_people_lexicon):
    rows, ents, _ = resolve_entities(
        [
            mention("d1", "Scott Bessent", "Scott Bessent", roles=["Treasury Secretary"], country="USA"),
            mention("d2", "Scott Bessent", "Scott Bessent", roles=["Treasury Secretary"], n=1),
            mention("d3", "Scott Besent", "Scott Besent", roles=["Treasury Secretary"]),
            mention("d4", "Besent", "Besent", country="USA"),
        ]
    )
    assert {r["entity_id"] for r in rows} == {"person:scott-bessent"}
    assert entity(ents, "person:scott-bessent")["n_documents"] == 4


def test_close_names_without_shared_context_stay_apart(no_people_lexicon):
    rows, _, _ = resolve_entities(
        [
            mention("d1", "Mark Hale", "Mark Hale", roles=["Analyst"], country="GBR"),
            mention("d2", "Mark Hall", "Mark Hall", roles=["Mayor"]),
        ]
    )
    assert {r["entity_id"] for r in rows} == {"person:mark-hale", "person:mark-hall"}


def test_names_in_different_countries_never_join(no_people_lexicon):
    rows, _, _ = resolve_entities(
        [
            mention("d1", "Kim Jung-kwan", "Kim Jung-kwan", roles=["Industry Minister"], country="KOR"),
            mention("d2", "Kim Jung-kwan", "Kim Jung-kwan", roles=["Industry Minister"], country="PRK"),
        ]
    )
    assert len({r["entity_id"] for r in rows}) == 2


def test_case_and_diacritics_do_not_split_a_person(no_people_lexicon):
    rows, ents, _ = resolve_entities(
        [
            mention("d1", "Maroš Šefčovič", "Maroš Šefčovič", roles=["Trade Commissioner"], n=0),
            mention("d1", "Šefčovič", "Maroš Šefčovič", roles=["Trade Commissioner"], n=1),
            mention("d2", "Maros Sefcovic", "Maros Sefcovic"),
            mention("d3", "HOWARD LUTNICK", "Howard Lutnick"),
            mention("d4", "howard lutnick", "Howard Lutnick"),
        ]
    )
    assert len({r["entity_id"] for r in rows if "sefcovic" in r["entity_id"]}) == 1
    assert entity(ents, "person:maros-sefcovic")["n_mentions"] == 3
    assert entity(ents, "person:howard-lutnick")["n_documents"] == 2


def test_bare_surname_in_another_document_joins_the_one_full_name(no_people_lexicon):
    rows, _, _ = resolve_entities(
        [
            mention("d1", "Robert Lighthizer", "Robert Lighthizer", roles=["Trade Representative"], country="USA"),
            mention("d2", "Lighthizer", "Lighthizer"),
        ]
    )
    assert {r["entity_id"] for r in rows} == {"person:robert-lighthizer"}


def test_short_ambiguous_bare_name_is_not_joined(no_people_lexicon):
    rows, _, _ = resolve_entities(
        [
            mention("d1", "Lee Jae-myung", "Lee Jae-myung", country="KOR"),
            mention("d2", "Lee Hsien Loong", "Lee Hsien Loong", country="SGP"),
            mention("d3", "Lee", "Lee"),
        ]
    )
    assert "person:lee" in {r["entity_id"] for r in rows}


def test_countries_and_organisations_join_by_canonical_name():
    rows, ents, _ = resolve_entities(
        [
            mention("d1", "Japanese", "Japan", kind="country", country="JPN", label="NORP"),
            mention("d2", "Tokyo", "Japan", kind="country", country="JPN", label="GPE"),
            mention("d1", "the White House", "White House", kind="org", label="ORG", n=1),
            mention("d2", "White House", "White House", kind="org", label="ORG", n=1),
        ]
    )
    japan = entity(ents, "country:jpn")
    assert japan["name"] == "Japan" and japan["type"] == "GPE" and japan["n_documents"] == 2
    assert japan["aliases"] == ["Japanese", "Tokyo"]
    assert entity(ents, "org:white-house")["n_mentions"] == 2


def test_gazetteer_roles_and_country_fill_the_entity_row():
    _, ents, _ = resolve_entities([mention("d1", "Akazawa", "Ryosei Akazawa")])
    akazawa = entity(ents, "person:ryosei-akazawa")
    assert akazawa["country"] == "JPN"
    assert "Chief Trade Negotiator" in akazawa["roles"]


def test_global_ids_do_not_depend_on_document_order():
    batch = [
        mention("d1", "Scott Bessent", "Scott Bessent", roles=["Treasury Secretary"]),
        mention("d2", "Besent", "Besent", roles=["Treasury Secretary"]),
        mention("d3", "Japanese", "Japan", kind="country", country="JPN", label="NORP"),
    ]
    forward = resolve_entities(batch)[2]
    backward = resolve_entities(list(reversed(batch)))[2]
    assert forward == backward


def test_unknown_people_resolve_across_articles_end_to_end(no_people_lexicon):
    """Two parsed articles with the people gazetteer emptied: "Besent" still joins "Scott Bessent"."""
    assert entity_rules.people() == []
    nlp = entity_rules.add_entity_rules(load_bare_nlp())
    texts = {
        "a1": "U.S. Treasury Secretary Scott Bessent said the talks in Geneva had been constructive. "
        "Bessent will report to the president.",
        "a2": "The absence of US Treasury Secretary Besent, a key figure, sparked speculation in Tokyo. "
        "Besent had met Japanese officials in May.",
    }
    rows = []
    for doc_id, text in texts.items():
        ctx = DocContext(doc_id=doc_id, source=f"{doc_id}.txt", text=text, body_spans=((0, len(text)),))
        rows += rows_of(ctx, extract_mentions(nlp(mask_to_body(text, ctx.body_spans)), ctx))
    resolved, ents, _ = resolve_entities(rows)
    person_ids = {r["entity_id"] for r in resolved if r["label"] == "PERSON"}
    assert person_ids == {"person:scott-bessent"}
    assert entity(ents, "person:scott-bessent")["roles"] == ["Treasury Secretary"]


WORD = st.text(alphabet="abcdefghik", min_size=2, max_size=7).map(str.title)
MENTION = st.builds(
    lambda doc, words, role, country: (doc, " ".join(words), role, country),
    st.sampled_from(["d1", "d2", "d3"]),
    st.lists(WORD, min_size=1, max_size=3),
    st.sampled_from([None, "Trade Minister", "Finance Minister"]),
    st.sampled_from([None, "JPN", "KOR"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(MENTION, min_size=1, max_size=12))
def test_every_mention_gets_one_listed_entity_whatever_the_order(specs):
    rows = [
        mention(doc, name, name, roles=[role] if role else [], country=country, n=i)
        for i, (doc, name, role, country) in enumerate(specs)
    ]
    resolved, ents, id_map = resolve_entities(rows)
    listed = {e["entity_id"]: e for e in ents}
    assert {r["entity_id"] for r in resolved} == set(listed)
    assert sum(e["n_mentions"] for e in ents) == len(rows)
    assert all(id_map[r["entity_id"]] == out["entity_id"] for r, out in zip(rows, resolved))
    assert resolve_entities(list(reversed(rows)))[2] == id_map


def test_same_ministry_name_of_two_countries_stays_apart():
    rows = [
        mention("d1", "trade ministry", "Ministry of Trade", kind="org", label="ORG", country="MYS"),
        mention("d2", "Trade Ministry", "Ministry of Trade", kind="org", label="ORG", country="IDN"),
        mention("d3", "the trade ministry", "Ministry of Trade", kind="org", label="ORG", country="MYS"),
    ]
    resolved, entities, _ = resolve_entities(rows)
    malaysia, indonesia = "org:ministry-of-trade-mys", "org:ministry-of-trade-idn"
    assert [r["entity_id"] for r in resolved] == [malaysia, indonesia, malaysia]
    assert {e["entity_id"]: e["country"] for e in entities} == {malaysia: "MYS", indonesia: "IDN"}
