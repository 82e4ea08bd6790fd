"""How long the analysts' exports of a consultation's responses take, and their peak memory.

Makes a version with five questions (one of each kind) and N counted responses (10,000 by
default, made in bulk, with a demographic answer on half of them; with --files-every K,
every Kth has an attached file whose text was read, about 2 kB, and every 4Kth a second
one with no text found), then writes each export (CSV, XLSX, JSON Lines, the i.AI Consult
shape built whole as before 2026-12-07 and as it is streamed now) to nowhere, as a download
would, and prints its size, seconds, queries and the peak of Python's own allocations while
it ran (tracemalloc, in a second pass, so the timing is not slowed by it). Run from the
repository root:

    .venv/bin/python bench/consultation_exports.py [--responses 10000] [--files-every 5]
                                                   [--database-url postgres://…/parley_bench]

Without --database-url it uses a new SQLite file in a temporary directory.
"""

import argparse
import os
import resource
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import timedelta

import _django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--files-every", type=int, default=0)
    args = parser.parse_args()
    workdir = _django.start("exports", args.database_url)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from parley.consultations import exports
    from parley.consultations import services as consultations
    from parley.consultations.models import Answer, Response
    from parley.files.models import ResponseFile
    from parley.guidance import services as guidance

    editor, version = _django.draft_guidance()
    for question in (
        consultations.QuestionIn(kind="single", text="Help?", options=["Yes", "No"]),
        consultations.QuestionIn(kind="multiple", text="Where?", options=["A", "B", "C"]),
        consultations.QuestionIn(kind="scale", text="Clear?"),
        consultations.QuestionIn(kind="text", text="What would you change?"),
        consultations.QuestionIn(kind="clause", text="Which clause?"),
    ):
        consultations.add_question(version=version, user=editor, question=question)
    now = timezone.now()
    guidance.schedule_consultation(
        version=version,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    questions = {q.number: q for q in version.questions.all()}
    text = "I would make the guidance shorter and give examples from councils. " * 3
    started = time.perf_counter()
    for start in range(0, args.responses, 2_000):
        made = Response.objects.bulk_create(
            Response(
                version=version,
                reference=f"PAR-B{index:06d}",
                consent=("named", "anonymous", "confidential")[index % 3],
                guest_name=f"Respondent {index}",
                guest_email=f"respondent{index}@example.net",
                status=Response.Status.SUBMITTED,
                submitted_at=now - timedelta(seconds=index),
                demographics={"age": "35-44"} if index % 2 else {},
            )
            for index in range(start, min(start + 2_000, args.responses))
        )
        Answer.objects.bulk_create(
            answer
            for response in made
            for answer in (
                Answer(response=response, question=questions[1], choice="Yes"),
                Answer(response=response, question=questions[2], choices=["A", "C"]),
                Answer(response=response, question=questions[3], choice="agree"),
                Answer(response=response, question=questions[4], text=text),
                Answer(response=response, question=questions[5], choice="2"),
            )
        )
        every = args.files_every
        letter = "We have read the proposals and set out our views clause by clause. " * 30
        ResponseFile.objects.bulk_create(
            ResponseFile(
                response=response,
                file=f"bench/{response.reference}-{n}.pdf",
                original_name=f"letter-{n}.pdf",
                content_type="application/pdf",
                extension="pdf",
                size=40_000,
                text=letter if n == 1 else "",
                text_status=ResponseFile.Text.FOUND if n == 1 else ResponseFile.Text.NONE,
            )
            for index, response in enumerate(made, start=start)
            if every and index % every == 0
            for n in (1, 2)
            if n == 1 or index % (4 * every) == 0
        )
    print(f"{args.responses:,} responses made in {time.perf_counter() - started:.1f} s")

    def csv() -> Iterable[str | bytes]:
        return exports.csv_lines(version, exports.Table.of(version))

    def xlsx() -> Iterable[str | bytes]:
        return exports.xlsx_chunks(version, exports.Table.of(version))

    def jsonl() -> Iterable[str | bytes]:
        return exports.jsonl_lines(version, exports.Table.of(version))

    def consult_whole() -> Iterable[str | bytes]:
        return [exports.consult_json(version)]

    def consult() -> Iterable[str | bytes]:
        return exports.consult_json_chunks(version)

    def drain(make: Callable[[], Iterable[str | bytes]]) -> int:
        return sum(len(piece) for piece in make())

    formats: list[tuple[str, Callable[[], Iterable[str | bytes]]]] = [
        ("csv", csv),
        ("xlsx", xlsx),
        ("jsonl", jsonl),
        ("consult whole", consult_whole),
        ("consult.json", consult),
    ]
    drain(csv)  # warm: imports, the URLconf, translations
    for name, make in formats:
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            size = drain(make)
            seconds = time.perf_counter() - started
        tracemalloc.start()
        drain(make)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{name:>13}: {size / 1e6:6.1f} MB in {seconds:5.2f} s "
            f"({args.responses / seconds:,.0f} responses/s), {len(queries)} queries, "
            f"peak Python allocations {peak / 1e6:.1f} MB"
        )
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"database: {os.environ['DATABASE_URL'].split(':')[0]}; files in {workdir}")
    print(f"load average at the end: {', '.join(f'{n:.1f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
