"""`make eval`: run the pipeline on the gold documents and score every stage.

Each module of this package named in SCORERS has `score(tables, gold_dir)`,
taking the output tables as pandas DataFrames and returning a list of
`common.Score` lines. The challenge set, whose gold is one JSON file, has its own
scorer (`challenge`, with `challenge_facts` and `names`), and `gate` holds every
printed measure to its floor in `tests/gold/floors.json`.
"""

SCORERS = ["documents", "entities", "quantities", "dates", "rounds", "claims", "facts"]
