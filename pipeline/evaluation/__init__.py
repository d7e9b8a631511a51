"""`make eval`: run the pipeline on the gold documents and score every stage.

Each module of this package named in SCORERS has `score(tables, gold_dir)`,
taking the output tables as pandas DataFrames and returning a list of
`common.Score` lines.
"""

SCORERS = ["documents", "entities", "quantities", "dates", "rounds", "claims", "facts"]
