"""Benchmark campaign detection and themes on a generated consultation with planted truth.

Generates a realistic synthetic corpus (seeded, so every run sees the same one):
independent comments written from twelve topics of varied sentences (places, services,
numbers, opinions, personal details), and planted campaigns: form letters of 5 to 9
sentences sent by many people, each copy left as it is (30%) or given one to three small
edits (a changed word, a typo, two sentences swapped, a personal line added at the
start or end, a sentence dropped, shouting in capitals, different punctuation), redrawn
until the copy's word-shingle Jaccard similarity to its letter is at least 0.85, so that
every planted member is near-identical by the definition the detectors use. (Copies
are not all that close to each other: two edited copies can be further apart than 0.8.)
Campaign sizes are heavy-tailed, as in real dockets: a few very large letters and many
small ones; about 60% of comments belong to a campaign.

Then, each in its own subprocess so peak memories do not mix, it runs:

- ours: `parley.insights.engine.find_campaigns` (threshold 0.8, 3-word shingles,
  128 permutations);
- the peer: datasketch's `MinHash` and `MinHashLSH` with the same words (the engine's
  normalisation), the same 3-word shingles, 128 permutations and threshold 0.8, the
  straightforward way: for each comment, build its MinHash (`update_batch` over its
  shingles), query the LSH for earlier similar comments, union them (union-find), and
  insert it;
- themes: `parley.insights.engine.find_themes` over the first `--themes` comments.

And prints, for both detectors: wall time, peak memory (the subprocess's maximum
resident set size, VmHWM, which includes the corpus itself: the corpus alone is printed too),
precision and recall, and the speed ratio.

Precision and recall are pairwise, over pairs of comments: a pair is "together" when a
method puts both comments in the same campaign, and "truly together" when both are
copies of the same planted letter. Precision = truly-together pairs found together /
pairs found together; recall = truly-together pairs found together / truly-together
pairs. (A comment left out of every campaign is together with nobody.) Pairs weigh large
campaigns heavily, so it also prints how many planted copies ended in no campaign and
how many independent comments ended in one. Times are wall-clock and CPU (both threads):
on a machine shared with other work the CPU time is the steadier figure.

    .venv/bin/python bench/insights.py [--size 10k|100k|1m | --comments N] [--themes 100000]
                                       [--peer-sample N] [--no-peer] [--seed 1]

`--peer-sample N` runs datasketch on the first N comments only and scales its time by
comments/N (the output says so plainly; linear scaling understates it). Without it the
peer runs on the whole corpus, which at 1M did not finish in 20 minutes here: each
`query` returns every earlier copy of a large campaign, so its work grows with the
square of the largest campaign (125,000 copies at 1M).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

from parley.insights.engine import find_campaigns, find_themes
from parley.insights.engine.text import words

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
THRESHOLD = 0.8
SHINGLE = 3
NUM_PERM = 128
CAMPAIGN_SHARE = 0.6
MIN_COPY_JACCARD = 0.85  # an edited copy is redrawn until this close to its letter

# ---------------------------------------------------------------------------------------
# The corpus. `{a|b|c}` picks one alternative; `<slot>` is filled from the pools below.

PLACES = [
    "Ashford", "Barnsley", "Bexley", "Bolton", "Bradford", "Brixton", "Camden", "Carlisle",
    "Chorley", "Croydon", "Dudley", "Ealing", "Exeter", "Gateshead", "Grimsby", "Halifax",
    "Harrow", "Hastings", "Hull", "Ipswich", "Kendal", "Leeds", "Lewisham", "Luton",
    "Margate", "Norwich", "Oldham", "Peckham", "Preston", "Reading", "Rochdale", "Salford",
    "Sheffield", "Slough", "Stockport", "Swindon", "Tottenham", "Walsall", "Wigan", "York",
    "Aberystwyth", "Bangor", "Caerphilly", "Llanelli", "Wrexham", "Merthyr", "Newport",
]  # fmt: skip
STREETS = [
    "Mill Lane", "Station Road", "High Street", "Church Street", "Park Avenue", "Queens Road",
    "Victoria Street", "London Road", "Green Lane", "Manor Road", "School Lane", "King Street",
    "the ring road", "the bypass", "Market Square", "Canal Side", "Bridge Street",
]  # fmt: skip
NAMES = [
    "Aisha", "Ben", "Carol", "Dev", "Eleanor", "Femi", "Gareth", "Hannah", "Imran", "Joan",
    "Kwame", "Linda", "Marek", "Nia", "Owen", "Priya", "Rhys", "Siobhan", "Tom", "Uma",
    "Viktor", "Wendy", "Yusuf", "Zara", "Cerys", "Dafydd", "Ffion", "Iolo", "Megan", "Sian",
]  # fmt: skip
ROLES = [
    "parent", "carer", "wheelchair user", "small business owner", "bus driver", "teacher",
    "GP", "retired planner", "landlord", "tenant", "cyclist", "councillor", "nurse",
    "shopkeeper", "student", "pensioner", "social worker", "architect", "farmer", "commuter",
]  # fmt: skip

TOPICS: dict[str, list[str]] = {
    "parking": [
        "free parking on {Sundays|Saturdays|market days} keeps the {market|high street} going",
        "residents' permits at £<n> a year are {too expensive|fair|about right|a scandal}",
        "{blue badge|disabled} bays on <street> are always taken by delivery vans",
        "the car park by the {leisure centre|library|station} is empty most {days|evenings}",
        "pavement parking on <street> makes it impossible to pass with a {buggy|wheelchair}",
        "the council should {keep the first hour free|enforce the loading bays|"
        "offer cheaper permits for carers|ban pavement parking outright}",
    ],
    "cycling": [
        "the protected cycle lane on <street> should continue past the junction",
        "{bollards|wands|painted lines} are not enough where {lorries|buses} turn left",
        "my {children|kids|grandchildren} would cycle to school if the route were continuous",
        "cyclists and walkers should not share the {towpath|pavement} by the station",
        "a minimum lane width of {2|2.5|3} metres should be written into the guidance",
        "please {trial it for six months|publish the traffic counts|consult the bus operators}",
    ],
    "buses": [
        "the number <n> bus to <place> {no longer runs after six|is always late|was cut}",
        "young people who work late shifts cannot get home from <place> without a car",
        "a bus every {twenty|thirty|forty} minutes would get me to work on time",
        "the shelter on <street> has no seat and no {timetable|lighting|roof}",
        "concessionary passes should be valid before {nine|half past nine} in the morning",
        "the new timetable {ignores|forgets|does not serve} the hospital at {night|weekends}",
    ],
    "housing": [
        "rents in <place> have gone up by {a third|half|twenty per cent} in two years",
        "deposits should be returned within {fourteen|ten|thirty} days",
        "the {affordable|social} homes in the plan are nowhere near enough",
        "my landlord has not fixed the {damp|mould|boiler|roof} since {March|last winter}",
        "houses in multiple occupation on <street> need {licensing|inspections|bin stores}",
        "empty homes should be brought back into use before building on green fields",
    ],
    "schools": [
        "traffic outside the school on <street> is dangerous at {drop off|pick up} time",
        "{class sizes|waiting lists} at the primary school in <place> keep growing",
        "children with special needs wait {months|a year|too long} for an assessment",
        "the school crossing patrol on <street> was {cut|withdrawn|reduced} last year",
        "free breakfast clubs help {working parents|families on low incomes|every child}",
        "a {zebra crossing|twenty mile an hour limit|school street} would save a life",
    ],
    "flooding": [
        "<street> flooded {twice|three times|again} this {winter|year|autumn}",
        "the drains on <street> have not been cleared in {years|months|a decade}",
        "building on the flood plain at <place> will make flooding worse downstream",
        "sandbags arrived {too late|after the water|two days late} last time",
        "the river defences at <place> need {raising|repair|proper funding}",
        "insurance for homes near the {river|brook|canal} is now {unaffordable|impossible}",
    ],
    "libraries": [
        "the library in <place> is the only warm place for some {pensioners|families}",
        "closing the library on {Saturdays|Mondays|evenings} hurts {children|students|jobseekers}",
        "volunteers cannot replace trained librarians",
        "the mobile library stopped visiting {our village|<place>|the estate} last year",
        "free computers at the library are how {many|some|older} people get online",
        "story time at the library {taught my son to read|is packed every week}",
    ],
    "health": [
        "getting a GP appointment in <place> takes {three weeks|a month|far too long}",
        "the pharmacy on <street> closed and the next one is {two|three|five} miles away",
        "mental health services for young people have a {long|six month|year long} wait",
        "the walk-in centre at <place> should {stay open|open at weekends|not close}",
        "carers need {respite|support|a break} more than {leaflets|helplines}",
        "dentists in <place> are not taking {NHS patients|new patients|children}",
    ],
    "waste": [
        "bins on <street> are collected {late|every three weeks|when they feel like it}",
        "fly tipping behind the {shops|station|school} is getting worse",
        "the tip at <place> should {open on Sundays|accept small trade waste|stay open}",
        "food waste caddies {leak|get stolen|are too small} and nobody replaces them",
        "a charge for garden waste {punishes|penalises|hurts} people with big gardens",
        "more recycling points for {glass|batteries|textiles} would help",
    ],
    "planning": [
        "the {tower|warehouse|estate} planned for <place> is far too big for the area",
        "the consultation notice on <street> was {hidden|tiny|taken down}",
        "new estates need {a surgery|a school|shops|buses} before people move in",
        "the green belt around <place> {must be protected|is being eaten away}",
        "a {five|six|ten} storey block will overlook {gardens|the park|the school}",
        "section 106 money from the last development was never spent in <place>",
    ],
    "energy": [
        "heating costs have {doubled|tripled|gone through the roof} for families in <place>",
        "solar panels on {council buildings|schools|the library} would cut bills",
        "the community energy {co-op|scheme|project} in <place> deserves support",
        "older homes on <street> need {insulation|new windows|heat pumps} first",
        "the warm homes grant {ran out|is too hard to get|missed people who need it}",
        "a wind turbine on the hill above <place> would {power|help} the whole town",
    ],
    "safety": [
        "street lights on <street> are {off|broken|too dim} after midnight",
        "{speeding|racing|joyriding} on <street> happens every {night|weekend}",
        "the underpass near the station {feels unsafe|smells|floods} after dark",
        "police community support officers have {vanished|been cut} from <place>",
        "CCTV on <street> {has not worked|was switched off} for {months|a year}",
        "a {pedestrian crossing|speed camera|speed bump} outside the shops is overdue",
    ],
}
OPENERS = [
    "I {live|work|grew up} in <place> and {I think|I believe|in my view|frankly}",
    "As a <role> {in|near|from} <place>, {I think|I feel|it seems to me}",
    "{Thank you for asking.|Thanks for the chance to comment.|Good idea to consult.}",
    "{My family|Our street|My neighbours} {have|has} lived here for <n> years and",
    "{Honestly,|To be blunt,|For what it is worth,|In short,}",
]  # fmt: skip
CLOSERS = [
    "{Please|Kindly} {listen to residents|act on this|do not ignore us}.",
    "{Thanks|Thank you|Regards|Best wishes}, <name>",
    "I would be happy to {talk|meet|help} if {useful|needed}.",
    "{This matters|It matters a lot|It really matters} to {us|people here|my family}.",
]  # fmt: skip
PERSONAL = [
    "My name is <name> and I live on <street> in <place>.",
    "I am a <role> and this affects me every {day|week}.",
    "{Signed|Sent} by <name>, <place>.",
    "I have lived in <place> for <n> years.",
    "As a <role> I {strongly|fully|really} agree.",
]  # fmt: skip
FILLER = [
    "really", "very", "quite", "simply", "clearly", "certainly", "truly", "deeply", "strongly",
    "honestly", "surely",
]  # fmt: skip


def fill(pattern: str, rng: random.Random) -> str:
    """Expand `{a|b}` alternatives (innermost first) and `<slot>` pools."""
    while "{" in pattern:
        end = pattern.index("}")
        start = pattern.rindex("{", 0, end)
        pattern = (
            pattern[:start] + rng.choice(pattern[start + 1 : end].split("|")) + pattern[end + 1 :]
        )
    out = []
    for piece in pattern.split("<"):
        if ">" not in piece:
            out.append(piece)
            continue
        slot, rest = piece.split(">", 1)
        value = {
            "place": lambda: rng.choice(PLACES),
            "street": lambda: rng.choice(STREETS),
            "name": lambda: rng.choice(NAMES),
            "role": lambda: rng.choice(ROLES),
            "n": lambda: str(rng.randrange(2, 400)),
        }[slot]()
        out.append(value + rest)
    return "".join(out)


def sentence(rng: random.Random, topic: str | None = None, opener: float = 0.5) -> str:
    body = fill(rng.choice(TOPICS[topic or rng.choice(list(TOPICS))]), rng)
    if rng.random() < opener:
        body = fill(rng.choice(OPENERS), rng) + " " + body
    return body[0].upper() + body[1:] + rng.choice([".", ".", ".", "!", "..."])


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swapped letters
    if kind == 1:
        return word[:i] + word[i + 1 :]  # a dropped letter
    return word[:i] + word[i] + word[i:]  # a doubled letter


def edit(sentences: list[str], rng: random.Random) -> list[str]:
    """One small personal edit of a letter."""
    sentences = list(sentences)
    kind = rng.choices(range(7), weights=[3, 3, 2, 3, 2, 1, 1])[0]
    i = rng.randrange(len(sentences))
    if kind == 0:  # a changed or inserted word
        ws = sentences[i].split()
        j = rng.randrange(len(ws))
        if rng.random() < 0.5:
            ws[j] = rng.choice(FILLER)
        else:
            ws.insert(j, rng.choice(FILLER))
        sentences[i] = " ".join(ws)
    elif kind == 1:  # a typo
        ws = sentences[i].split()
        j = rng.randrange(len(ws))
        ws[j] = typo(ws[j], rng)
        sentences[i] = " ".join(ws)
    elif kind == 2 and len(sentences) > 1:  # two sentences swapped
        j = rng.randrange(len(sentences) - 1)
        sentences[j], sentences[j + 1] = sentences[j + 1], sentences[j]
    elif kind == 3:  # a personal line at the start or the end
        line = fill(rng.choice(PERSONAL), rng)
        sentences.insert(0 if rng.random() < 0.5 else len(sentences), line)
    elif kind == 4:  # punctuation
        sentences[i] = sentences[i].rstrip(".!") + rng.choice(["!", "!!", ".", " :)", ""])
    elif kind == 5 and len(sentences) > 6:  # a sentence dropped from a long letter
        del sentences[i]
    else:  # shouting, or all lower case
        sentences[i] = sentences[i].upper() if rng.random() < 0.5 else sentences[i].lower()
    return sentences


def shingle_set(text: str) -> set[str]:
    w = words(text)
    return {" ".join(w[i : i + SHINGLE]) for i in range(max(1, len(w) - SHINGLE + 1))}


def generate(n: int, seed: int) -> tuple[list[str], np.ndarray]:
    """`n` comments in random order, and each one's planted campaign (-1: independent)."""
    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[int] = []
    in_campaigns = int(n * CAMPAIGN_SHARE)
    # Heavy-tailed sizes: a Pareto draw per letter until the share is used up.
    sizes: list[int] = []
    left = in_campaigns
    while left > 0:
        size = min(left, max(2, int(rng.paretovariate(0.9) * 3)), max(2, n // 8))
        if left - size == 1:
            size += 1
        sizes.append(size)
        left -= size
    for campaign, size in enumerate(sizes):
        topic = rng.choice(list(TOPICS))
        letter = [
            sentence(rng, topic if rng.random() < 0.6 else None)
            for _ in range(rng.randrange(5, 10))
        ]
        original = shingle_set(" ".join(letter))
        for _ in range(size):
            copy = letter
            if rng.random() > 0.3:
                while True:
                    copy = letter
                    for _ in range(rng.choice((1, 1, 2, 3))):
                        copy = edit(copy, rng)
                    mine = shingle_set(" ".join(copy))
                    if len(mine & original) >= MIN_COPY_JACCARD * len(mine | original):
                        break
            texts.append(" ".join(copy))
            labels.append(campaign)
    # Independent comments: one sentence of their own and 0 to 5 from a large pool of
    # sentences, mostly on one topic (a fresh sentence each time would make 1M slow).
    pool_size = max(1000, min(400_000, n))
    pools = {t: [sentence(rng, t) for _ in range(pool_size // len(TOPICS))] for t in TOPICS}
    everything = [s for pool in pools.values() for s in pool]
    topics = list(TOPICS)
    for _ in range(n - len(texts)):
        topic = rng.choice(topics)
        pool = pools[topic]
        count = rng.choice((1, 1, 2, 2, 3, 3, 4, 5))
        parts = [rng.choice(pool if rng.random() < 0.8 else everything) for _ in range(count)]
        parts.insert(rng.randrange(count + 1), sentence(rng, topic, opener=1.0))
        parts.append(fill(rng.choice(CLOSERS), rng) if rng.random() < 0.4 else "")
        texts.append(" ".join(parts).strip())
        labels.append(-1)
    order = list(range(n))
    rng.shuffle(order)
    return [texts[i] for i in order], np.array(labels, dtype=np.int64)[order]


# ---------------------------------------------------------------------------------------
# Scoring against the planted truth.


def pairs_together(labels: np.ndarray) -> int:
    """How many pairs of comments share a label (-1 shares with nobody)."""
    counts = np.bincount(labels[labels >= 0])
    return int((counts * (counts - 1) // 2).sum())


def precision_recall(found: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    both = (found >= 0) & (truth >= 0)
    joint = found[both] * (int(truth.max()) + 1) + truth[both]
    _, joint_counts = np.unique(joint, return_counts=True)
    agree = int((joint_counts * (joint_counts - 1) // 2).sum())
    found_pairs, true_pairs = pairs_together(found), pairs_together(truth)
    precision = agree / found_pairs if found_pairs else 1.0
    recall = agree / true_pairs if true_pairs else 1.0
    return precision, recall


# ---------------------------------------------------------------------------------------
# The runs, each in a subprocess: read the corpus, measure, write each comment's group.


def memory_mb(field: str) -> float:
    """VmHWM (peak) or VmRSS (now) of this process. (Not ru_maxrss: after fork and exec
    it can report the parent's size, which holds the whole corpus.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(texts: list[str]) -> np.ndarray:
    labels = np.full(len(texts), -1, dtype=np.int64)
    for n, campaign in enumerate(
        find_campaigns(
            list(enumerate(texts)), threshold=THRESHOLD, shingle_size=SHINGLE, num_perm=NUM_PERM
        )
    ):
        labels[list(campaign.members)] = n
    return labels


def run_datasketch(texts: list[str]) -> np.ndarray:
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for i, text in enumerate(texts):
        w = words(text)
        if not w:
            continue
        grams = [" ".join(w[j : j + SHINGLE]).encode() for j in range(max(1, len(w) - SHINGLE + 1))]
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch(grams)
        for other in lsh.query(m):
            a, b = find(i), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
        lsh.insert(i, m)
    roots = np.array([find(i) for i in range(len(texts))], dtype=np.int64)
    sizes = np.bincount(roots, minlength=len(texts))
    return np.where(sizes[roots] >= 2, roots, -1)


def run_themes(texts: list[str]) -> np.ndarray:
    result = find_themes(list(enumerate(texts)))
    labels = np.full(len(texts), -1, dtype=np.int64)
    for n, theme in enumerate(result.themes):
        labels[list(theme.members)] = n
        print(
            f"  theme {theme.key}: {len(theme.members):,} comments; " + ", ".join(theme.terms),
            file=sys.stderr,
        )
    if result.note:
        print(f"  note: {result.note}", file=sys.stderr)
    return labels


RUNS = {"ours": run_ours, "datasketch": run_datasketch, "themes": run_themes}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(run: str, corpus: Path, limit: int, output: Path) -> None:
    with corpus.open(encoding="utf-8") as lines:
        texts = [line.rstrip("\n") for _, line in zip(range(limit), lines, strict=False)]
    baseline = memory_mb("VmRSS")
    cpu = cpu_seconds()
    started = time.perf_counter()
    labels = RUNS[run](texts)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    np.save(output, labels)
    print(
        json.dumps(
            {"seconds": elapsed, "cpu": cpu, "peak_mb": memory_mb("VmHWM"), "corpus_mb": baseline}
        )
    )


def measure(run: str, corpus: Path, limit: int) -> tuple[dict[str, float], np.ndarray]:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "labels.npy"
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                run,
                "--corpus",
                str(corpus),
                "--limit",
                str(limit),
                "--output",
                str(output),
            ],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1]), np.load(output)


def misplaced(found: np.ndarray, truth: np.ndarray) -> str:
    missed = int(((truth >= 0) & (found < 0)).sum())
    wrongly = int(((truth < 0) & (found >= 0)).sum())
    return f"   ({missed:,} planted copies in no campaign, {wrongly:,} independents in one)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=SIZES, default="10k")
    parser.add_argument("--comments", type=int, help="any number of comments (overrides --size)")
    parser.add_argument("--themes", type=int, default=100_000, help="comments for themes (0: skip)")
    parser.add_argument(
        "--peer-sample", type=int, help="run datasketch on this many comments and extrapolate"
    )
    parser.add_argument("--no-peer", action="store_true", help="skip datasketch")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", choices=RUNS, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus, args.limit, args.output)
        return

    n = args.comments or SIZES[args.size]
    started = time.perf_counter()
    texts, truth = generate(max(n, args.themes), args.seed)
    truth_n = truth[:n]
    elapsed = time.perf_counter() - started
    print(f"corpus: {len(texts):,} comments generated in {elapsed:.1f} s (seed {args.seed})")
    if n < len(texts):
        print(f"  campaigns scored on the first {n:,}")
    planted = truth_n[truth_n >= 0]
    sizes = np.bincount(planted)
    sizes = sizes[sizes > 0]
    print(
        f"  {len(planted):,} in {len(sizes):,} planted campaigns (largest {sizes.max():,}, "
        f"median {int(np.median(sizes))}), {int((truth_n < 0).sum()):,} independent; "
        f"{np.mean([len(t.split()) for t in texts[:10_000]]):.0f} words a comment on average"
    )
    print(f"  {os.cpu_count()} CPUs; shared machine, so times are noisy")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.txt"
        corpus.write_text("\n".join(t.replace("\n", " ") for t in texts), encoding="utf-8")
        results = {}
        print(
            f"\ncampaigns over {n:,} comments (threshold {THRESHOLD}, "
            f"{SHINGLE}-word shingles, {NUM_PERM} permutations):"
        )
        stats, labels = measure("ours", corpus, n)
        p, r = precision_recall(labels, truth_n)
        results["ours"] = stats
        print(
            f"  ours:       {stats['seconds']:8.1f} s (CPU {stats['cpu']:.1f} s)   "
            f"peak {stats['peak_mb']:7,.0f} MB "
            f"(corpus alone {stats['corpus_mb']:,.0f} MB)   precision {p:.4f}   recall {r:.4f}"
            + misplaced(labels, truth_n)
        )
        if not args.no_peer:
            sample = min(n, args.peer_sample or n)
            stats, labels = measure("datasketch", corpus, sample)
            p, r = precision_recall(labels, truth_n[:sample])
            scaled = stats["seconds"] * n / sample
            note = (
                ""
                if sample == n
                else f"  [ran on the first {sample:,} only; "
                f"time scaled by {n / sample:.1f} to {scaled:,.1f} s]"
            )
            print(
                f"  datasketch: {stats['seconds']:8.1f} s (CPU {stats['cpu']:.1f} s)   "
                f"peak {stats['peak_mb']:7,.0f} MB (corpus alone {stats['corpus_mb']:,.0f} MB)   "
                f"precision {p:.4f}   recall {r:.4f}{note}" + misplaced(labels, truth_n[:sample])
            )
            ratio = scaled / results["ours"]["seconds"]
            print(
                f"  speed: ours is {ratio:.1f}x faster than datasketch"
                + (" (extrapolated)" if sample != n else "")
            )
        if args.themes:
            print(f"\nthemes over {args.themes:,} comments:")
            stats, labels = measure("themes", corpus, args.themes)
            print(
                f"  {stats['seconds']:.1f} s (CPU {stats['cpu']:.1f} s)   "
                f"peak {stats['peak_mb']:,.0f} MB; "
                f"{int(labels.max()) + 1} themes, {int((labels < 0).sum()):,} comments unassigned"
            )


if __name__ == "__main__":
    main()
