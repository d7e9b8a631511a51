"""Arrow schemas of every output table (docs/CONTRACT.md, version 1).

Defined once here; every writer builds its table from these, so a stage that
returns a row dict with a missing or extra column cannot silently change the
contract.
"""

import pyarrow as pa

SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32())])
ALTERNATIVE = pa.struct(
    [("value", pa.string()), ("n_documents", pa.int32()), ("doc_ids", pa.list_(pa.string()))]
)

DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("title", pa.string()),
        ("outlet", pa.string()),
        ("published_date", pa.date32()),
        ("published_date_method", pa.string()),
        ("text", pa.string()),
        ("body_spans", pa.list_(SPAN)),
        ("url", pa.string()),
    ]
)

MENTIONS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("mention_id", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("label", pa.string()),
        ("entity_id", pa.string()),
    ]
)

ENTITIES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("aliases", pa.list_(pa.string())),
        ("roles", pa.list_(pa.string())),
        ("country", pa.string()),
        ("n_mentions", pa.int32()),
        ("n_documents", pa.int32()),
    ]
)

QUANTITIES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("quantity_id", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("approximate", pa.bool_()),
    ]
)

DATES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("date_id", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("type", pa.string()),
        ("value", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("granularity", pa.string()),
        ("anchor_date", pa.date32()),
    ]
)

ROUNDS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("round_id", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("round_number", pa.int32()),
        ("parties", pa.list_(pa.string())),
        ("level", pa.string()),
        ("status", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("location", pa.string()),
    ]
)

CLAIM_ATTRIBUTES = [
    ("claim_type", pa.string()),
    ("imposer", pa.string()),
    ("target", pa.string()),
    ("product", pa.string()),
    ("measure", pa.string()),
    ("rate", pa.float64()),
    ("previous_rate", pa.float64()),
    ("status", pa.string()),
    ("effective_date", pa.date32()),
    ("round_number", pa.int32()),
    ("date_start", pa.date32()),
    ("date_end", pa.date32()),
    ("parties", pa.list_(pa.string())),
    ("participants", pa.list_(pa.string())),
]

CLAIMS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("claim_id", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        *CLAIM_ATTRIBUTES,
        ("hedged", pa.bool_()),
        ("attributed_to", pa.string()),
    ]
)

FACTS = pa.schema(
    [
        ("fact_id", pa.string()),
        *[field for field in CLAIM_ATTRIBUTES if field[0] != "status"],
        ("claim_status", pa.string()),
        ("status", pa.string()),
        ("n_documents", pa.int32()),
        ("n_outlets", pa.int32()),
        ("doc_ids", pa.list_(pa.string())),
        ("claim_ids", pa.list_(pa.string())),
        ("outlets", pa.list_(pa.string())),
        ("alternatives", pa.list_(ALTERNATIVE)),
        ("confidence", pa.float64()),
    ]
)

TABLES = {
    "documents": DOCUMENTS,
    "mentions": MENTIONS,
    "entities": ENTITIES,
    "quantities": QUANTITIES,
    "dates": DATES,
    "rounds": ROUNDS,
    "claims": CLAIMS,
    "facts": FACTS,
}
