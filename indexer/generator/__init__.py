"""Reproducible sample records of Soviet prisoners of war, in the import format (DESIGN.md).

`generate_records(n, seed)` streams records; `generate_population(n, seed)` pairs each with its `Truth`
(the Cyrillic names and the family it belongs to) for the quality benchmark.
"""

from indexer.generator.clerks import clerk_spelling, clerk_spellings, german_spelling
from indexer.generator.population import (
    Truth,
    generate_population,
    generate_records,
    record_line,
    write_records,
)

__all__ = [
    "Truth",
    "clerk_spelling",
    "clerk_spellings",
    "generate_population",
    "generate_records",
    "german_spelling",
    "record_line",
    "write_records",
]
