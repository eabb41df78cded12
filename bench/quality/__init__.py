"""The search quality benchmark: generated query variants, three baselines, family lookup and query
analysis time. Run it with ``python -m bench.quality.run``; see ``run.py``."""
