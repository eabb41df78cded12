"""The benchmark's figures as a markdown report: one table of kinds by system, then family lookup, query
analysis time, and the engine's failing examples per kind (what matching has to fix)."""

from __future__ import annotations

from typing import Any

_SYSTEM_TITLES = {"engine": "engine", "exact": "exact", "typo": "Meili-style typo", "dm": "DM Soundex"}


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _summary_table(summary: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    baselines = [s for s in next(iter(summary.values()), {}) if s != "engine"]
    head = (
        "| kind | n | engine R@1 | engine R@10 | engine MRR | "
        + " | ".join(f"{_SYSTEM_TITLES.get(b, b)} R@10 / MRR" for b in baselines)
        + " |"
    )
    lines = [head, "|" + "---|" * (5 + len(baselines))]
    for row, systems in summary.items():
        engine = systems["engine"]
        cells = [
            f"**{row}**" if " " in row else row,
            str(engine["n"]),
            _pct(engine["recall_at_1"]),
            _pct(engine["recall_at_10"]),
            f"{engine['mrr']:.3f}",
        ]
        cells += [f"{_pct(systems[b]['recall_at_10'])} / {systems[b]['mrr']:.3f}" for b in baselines]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _family_lines(family: dict[str, Any]) -> list[str]:
    if not family:
        return []
    lines = [
        "",
        f"## Family lookup ({family['families']} families of 2-4 records)",
        "",
        "| surname typed | mean recall | mean precision | all records in one group | family not found |",
        "|---|---|---|---|---|",
    ]
    for variant in ("romanized", "cyrillic"):
        f = family[variant]
        lines.append(
            f"| {variant} | {_pct(f['mean_recall'])} | {_pct(f['mean_precision'])} | {_pct(f['complete'])} "
            f"| {f['not_found']} |"
        )
    for variant in ("romanized", "cyrillic"):
        if family[variant]["failures"]:
            lines += ["", f"Families not returned whole and alone ({variant}):", ""]
            for fail in family[variant]["failures"]:
                lines.append(
                    f"- `{fail['query']}`: family {', '.join(fail['family'])}; recall {fail['recall']}, "
                    f"precision {fail['precision']}, best group {fail['best_group_size']} records of "
                    f"{fail['groups_returned']} groups"
                )
    return lines


def _parsing_lines(parsing: dict[str, Any]) -> list[str]:
    if not parsing:
        return []
    lines = [
        "",
        f"## Query analysis time (`parse_query`, {parsing['queries']} queries, "
        f"{parsing['caches_cleared']} caches)",
        "",
        "| | mean µs | p50 µs | p99 µs |",
        "|---|---|---|---|",
    ]
    for name in ("cold", "first_pass", "cached"):
        s = parsing[name]
        lines.append(f"| {name.replace('_', ' ')} | {s['mean_us']} | {s['p50_us']} | {s['p99_us']} |")
    return lines


def _failure_lines(failures: dict[str, list[dict[str, Any]]]) -> list[str]:
    lines = ["", "## Engine failures by kind (not in the first 10, then ranked lowest)", ""]
    if not failures:
        return lines + ["None."]
    lines += [
        "Rank: in the first 10; else the rank within the first 100 in brackets, with how the target matched "
        'there; "-" when not in the first 100. The first hit shows how the engine matched it, word by word.',
        "",
        "| kind | query | target as written | rank | engine's first hit |",
        "|---|---|---|---|---|",
    ]
    for kind, examples in failures.items():
        for ex in examples:
            if ex["rank"] is not None:
                rank = str(ex["rank"])
            elif ex.get("deep_rank") is not None:
                rank = f"({ex['deep_rank']}: {ex['target_how']})"
            else:
                rank = "-"
            query = ex["query"] + (f" ({ex['note']})" if ex.get("note") else "")
            first = ex["engine_first_hit"].replace("|", "/")
            lines.append(f"| {kind} | `{query}` | {ex['target']} | {rank} | {first} |")
    return lines


def _miss_lines(misses: dict[str, dict[str, int]]) -> list[str]:
    if not misses:
        return []
    lines = [
        "",
        "## Engine misses: ranked too low, or never matched",
        "",
        "| kind | misses | target ranked 11-100 | target not in first 100 |",
        "|---|---|---|---|",
    ]
    for kind, m in misses.items():
        lines.append(f"| {kind} | {m['misses']} | {m['ranked_11_to_100']} | {m['not_in_100']} |")
    return lines


def markdown(result: dict[str, Any]) -> str:
    """The whole report."""
    timings = ", ".join(f"{k} {v}" for k, v in result["timings"].items())
    lines = [
        f"# Search quality: {result['records']:,} records, {result['queries_per_kind']} queries per kind, "
        f"seed {result['seed']}",
        "",
        "R@1, R@10: share of queries whose target is the first hit / among the first 10; MRR: mean "
        "reciprocal rank within the first 10 (0 beyond). A hit on any record indistinguishable from the "
        f"query counts ({result['shared_targets']} queries had more than one such record).",
        "",
        *_summary_table(result["summary"]),
        *_miss_lines(result.get("engine_misses", {})),
        *_family_lines(result["family"]),
        *_parsing_lines(result["parsing"]),
        *_failure_lines(result["failures"]),
        "",
        f"Timings (s): {timings}.",
    ]
    return "\n".join(lines) + "\n"
