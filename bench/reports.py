"""Benchmark: Heinola's follow-up report in each format and language, on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/reports_bench \
        .venv/bin/python bench/reports.py [--repeat 3]

Sets up what `make demo` does (not timed): Heinola's strategy with the demo data and its
published example round, and the recorded open data replayed (data/recorded/). Then times
`reports.document.build` (content from the record, HTML, charts by vl-convert, PDF by
WeasyPrint; or the workbook) for the published round and for today (the live record), in fi,
sv and en: wall-clock time (best and median of --repeat) and the process's CPU time (the
machine is shared: CPU time says what the report costs, wall time what a reader waits). The
charts' SVG cache is emptied before every build, so each build converts its charts anew, as
the first download of a round does. Also the parts of one PDF: content, HTML, PDF (here the
HTML converts its charts itself, as data: images, before WeasyPrint starts; `build` converts
them on two threads while WeasyPrint reads the HTML, reports/document.py).

The database named in BENCH_DATABASE_URL is dropped and created anew; its name must contain
"bench".
"""

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_observations import bench_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REPLAYED = ["tyopaikat", "vakiluku", "tyottomyysaste", "lainat-per-asukas"]


def prepare() -> None:
    from django.core.management import call_command

    call_command("load-demo", verbosity=0)
    replay = Path(tempfile.mkdtemp(prefix="replay-"))
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_replay.py"), "data/recorded", str(replay)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    for code in REPLAYED:
        call_command("fetch", "--replay", str(replay), "--indicator", code, verbosity=0)


def timed(function, repeat):
    from mittaristo.web.charts import svg

    walls, cpus, result = [], [], None
    for _ in range(repeat):
        svg._convert.cache_clear()
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), statistics.median(walls), min(cpus), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bench_database()
    start = time.perf_counter()
    prepare()
    print(f"demo and replayed data loaded in {time.perf_counter() - start:.0f} s (not timed)")
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils import translation
    from pypdf import PdfReader

    from mittaristo.reports import followup
    from mittaristo.reports.document import build, pdf
    from mittaristo.reviews.models import ReviewRound

    review = ReviewRound.objects.published().select_related("strategy").get()
    strategy = review.strategy
    # vl-convert's and WeasyPrint's first call in a process loads their engines and fonts.
    wall, _median, cpu, _ = timed(lambda: build("followup", strategy, lang="fi", fmt="pdf"), 1)
    print(f"first PDF of the process (engines start): {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"{'report':<22} {'lang':<4} {'format':<6} {'best':>7} {'median':>7} {'CPU':>7} size")
    for label, round in [("published round", review), ("today (live record)", None)]:
        for lang in ["fi", "sv", "en"]:
            for fmt in ["pdf", "xlsx"]:
                cache.clear()
                best, median, cpu, body = timed(
                    lambda r=round, la=lang, f=fmt: build(
                        "followup", strategy, round=r, lang=la, fmt=f
                    ),
                    args.repeat,
                )
                size = f"{len(body) / 1024:.0f} KiB"
                if fmt == "pdf":
                    size += f", {len(PdfReader(io.BytesIO(body)).pages)} pages"
                times = f"{best:>6.2f}s {median:>6.2f}s {cpu:>6.2f}s"
                print(f"{label:<22} {lang:<4} {fmt:<6} {times} {size}")
    with translation.override("fi"):
        _b, parts_content, _c, content = timed(
            lambda: followup.content(strategy, round=review, lang="fi"), args.repeat
        )
        _b, parts_html, _c, html = timed(
            lambda: render_to_string(followup.TEMPLATE, {"c": content, "document": True}), 1
        )
        _b, parts_pdf, _c, _ = timed(lambda: pdf(html), args.repeat)
    charts = html.count('<img src="data:image/svg+xml')
    print(
        f"one PDF (fi, the round) by parts, median: content {parts_content:.2f} s, HTML with "
        f"{charts} charts {parts_html:.2f} s, WeasyPrint {parts_pdf:.2f} s"
    )


if __name__ == "__main__":
    main()
