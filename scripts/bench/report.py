"""Turns the benchmark drivers' JSON into bench/results.md, with each target and whether it is met.

    python3 scripts/bench/report.py <results dir> <customers>
"""
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])
# A number, or words when the two databases' datasets differ in size.
customers = int(sys.argv[2]) if sys.argv[2].isdigit() else sys.argv[2]


def load(name):
    path = out / name
    return json.loads(path.read_text()) if path.exists() else None


http = load("http.json") or {}
tti = load("tti.json")
bank = load("bank-api.json")
imports = load("imports.json")
# Three runs of the live queue (older result files had one, live-queue.json).
lives = [r for r in (load(f"live-queue-{n}.json") for n in (1, 2, 3)) if r] or [r for r in [load("live-queue.json")] if r]
live = lives[0] if lives else None


def mark(ok):
    return "met" if ok else "**missed**"


lines = ["# Benchmark results", ""]
# A run of one driver alone (the imports, say) has no HTTP figures to report.
pages = [] if not http else [
    f"Run {http.get('date', '?')[:16].replace('T', ' ')} UTC on {http.get('machine', '?')}.",
    f"Dataset: {customers if isinstance(customers, str) else f'{customers:,}'} customers, 24 months of bills each. wrk, {http.get('connections')} connections, "
    f"{http.get('seconds')} s per figure; servers and wrk share the same cores.",
    "",
    "## Pages and APIs beside a plain axum \"Hello, World!\"",
    "",
    "| what | requests/s | × hello | p50 ms | p99 ms | errors | server peak RSS MB |",
    "|---|---|---|---|---|---|---|",
]
lines += pages
hello = http.get("hello", {})
hello_rps = hello.get("rps") or 1


def row(label, r):
    return (
        f"| {label} | {r.get('rps', 0):,.0f} | {r.get('rps', 0) / hello_rps:.3f} | {r.get('p50_ms', 0):.2f} | "
        f"{r.get('p99_ms', 0):.2f} | {r.get('errors', 0)} | {r.get('peak_rss_mb', 0):.0f} |"
    )


if http:
    lines.append(row("hello handler", hello))
for db in ("sqlite", "postgres"):
    section = http.get(db, {})
    name = "SQLite" if db == "sqlite" else "PostgreSQL"
    if "bill_page_before" in section:
        lines.append(row(f"bill page, {name}, the earlier release", section["bill_page_before"]))
    if "bill_page" in section:
        lines.append(row(f"bill page, {name}", section["bill_page"]))
    if "bill_page_brotli" in section:
        lines.append(row(f"bill page, {name}, compressed with brotli", section["bill_page_brotli"]))
    if "bill_api" in section:
        lines.append(row(f"bill lookup API, {name}", section["bill_api"]))
lines.append("")
for db in ("sqlite", "postgres"):
    section = http.get(db, {})
    page = section.get("bill_page")
    if page:
        name = "SQLite" if db == "sqlite" else "PostgreSQL"
        ratio = page["rps"] / hello_rps
        lines.append(
            f"- Target, bill page on {name}: ≥ 0.05 × hello ({ratio:.3f}: {mark(ratio >= 0.05)}), "
            f"p99 < 20 ms at 64 connections ({page['p99_ms']:.1f} ms: {mark(page['p99_ms'] < 20)}). "
            f"Server memory at rest {section.get('rss_mb_at_rest', 0):.0f} MB."
        )

view = http.get("first_view")
if view:
    totals = view["total_bytes"]
    lines += [
        "",
        "## First view of a bill page (bytes a phone downloads)",
        "",
        "| file | uncompressed | gzip | brotli |",
        "|---|---|---|---|",
    ]
    for f in view["files"]:
        lines.append(f"| `{f['file'][:60]}` | {f['identity']:,} | {f['gzip']:,} | {f['br']:,} |")
    before = view.get("before_load_bytes", totals)
    lines.append(f"| **shown and usable** (HTML, CSS) | {before['identity']:,} | {before['gzip']:,} | {before['br']:,} |")
    lines.append(f"| **with the enhancement** (+ JS, wasm, fetched after the load) | {totals['identity']:,} | {totals['gzip']:,} | {totals['br']:,} |")
    lines.append("")
    lines.append(f"- Target: the first view under 150 KB compressed. Shown and usable: brotli {before['br'] / 1024:.0f} KB, "
                 f"gzip {before['gzip'] / 1024:.0f} KB ({mark(before['br'] < 150 * 1024)}). With the enhancement: brotli "
                 f"{totals['br'] / 1024:.0f} KB, gzip {totals['gzip'] / 1024:.0f} KB ({mark(totals['br'] < 150 * 1024)}).")
if tti:
    lines += [
        "",
        f"Chromium, 360 px, {tti['network']}, {len(tti['runs'])} cold runs (medians): first contentful paint "
        f"{tti['median_first_contentful_paint_ms']:,} ms; page loaded and usable {tti['median_loaded_ms']:,} ms "
        f"({tti['median_loaded_bytes']:,} bytes); interactive (hydrated) {tti['median_interactive_ms']:,} ms "
        f"({tti['median_transferred_bytes']:,} bytes in all).",
    ]

if bank:
    lines += [
        "",
        f"## Bank API (SNAP BI, signed requests), {bank.get('database')}, {bank.get('customers'):,} customers, "
        f"{bank.get('concurrency')} concurrent clients",
        "",
        "SQLite syncing at checkpoints only (`synchronous = NORMAL`, before) and at every commit "
        "(`FULL`, what a payment answered to a bank needs to survive a power cut), on copies of one dataset, in one run.",
        "",
        "| synchronous | what | requests/s | × hello | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    # Older result files had one run, with the durability of the time (NORMAL).
    runs = bank.get("runs") or [{"synchronous": "normal", "results": bank.get("results", [])}]
    for run in runs:
        for r in run["results"]:
            rps = r.get("per_second", 0)
            lines.append(
                f"| {run['synchronous'].upper()} | VA {r['name']} | {rps:,.0f} | {rps / hello_rps:.3f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
            )

if live:
    lines += [
        "",
        f"## Live queue: a teller's call reaching open pages ({live.get('replicas', 1)} replicas, {live.get('database')})",
        "",
        "| run | open pages | p50 ms | p99 ms | max ms | missed | largest replica RSS MB (peak) |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, run in enumerate(lives, 1):
        for r in run["results"]:
            lines.append(
                f"| {n} | {r['clients']:,} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['missed']} | {r['server_rss_mb_peak']:.0f} |"
            )
    big = sorted(r["p99_ms"] for run in lives for r in run["results"] if r["clients"] >= 5000)
    if big:
        median = big[len(big) // 2]
        lines.append("")
        lines.append(
            f"- Target: p99 under 100 ms at 5,000 pages in the median of the runs ({median:.0f} ms of "
            f"{', '.join(f'{p:.0f}' for p in big)}: {mark(median < 100)})."
        )

if imports:
    lines += [
        "",
        f"## A utility moving in: {imports['customers']:,} customers and a month of their readings",
        "",
        "Each file is checked whole and applied in one transaction; the second time changes nothing. The billing run drafts "
        "every bill by the billing domain, then publishes them in one transaction (every held bill accepted first).",
        "",
        "| database | customers file | again | readings file | again | billing run drafted | published |",
        "|---|---|---|---|---|---|---|",
    ]
    slowest = 0.0
    for db, name in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        r = imports.get(db)
        if not r:
            continue
        slowest = max(slowest, r["customers_s"], r["readings_s"])
        lines.append(
            f"| {name} | {r['customers_s']:.1f} s | {r['customers_again_s']:.1f} s | {r['readings_s']:.1f} s | "
            f"{r['readings_again_s']:.1f} s | {r['billing_draft_s']:.1f} s | {r['billing_publish_s']:.1f} s |"
        )
    lines += ["", f"- Target: each import under a minute on two cores (slowest {slowest:.1f} s: {mark(slowest < 60)})."]

peaks = [http.get(db, {}).get(w, {}).get("peak_rss_mb", 0) for db in ("sqlite", "postgres") for w in ("bill_page", "bill_api")]
for run in lives:
    peaks += [r["server_rss_mb_peak"] for r in run["results"]]
if any(peaks):
    lines += ["", f"- Target: a server under 200 MB (largest seen {max(peaks):.0f} MB: {mark(max(peaks) < 200)})."]

print("\n".join(lines))
