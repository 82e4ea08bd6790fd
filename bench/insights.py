"""Benchmark campaign detection and themes on a generated consultation with planted truth.

Generates a realistic synthetic corpus (seeded, so every run sees the same one):
independent comments written from twelve topics of varied sentences (places, services,
numbers, opinions, personal details), and planted campaigns: form letters (a greeting,
four to seven paragraphs, half of their sentences stock phrases of the topic and half
the letter's own, a sign-off), each copy given one kind of edit (KINDS): none, a
personal passage of 5-80 words before, after or inside, a new greeting and sign-off,
0-5 typos, a paragraph deleted, two swapped, a partial copy of 70-95% of the words, or
two or three of these at once. Letters on one topic share vocabulary, not text.
Campaign sizes are heavy-tailed, as in real dockets: a few very large letters and many
small ones; about 60% of comments belong to a campaign.

Then, each in its own subprocess so peak memories do not mix, it runs:

- ours: `parley.insights.engine.find_campaigns` (minimum share 0.7, 3-word shingles,
  128 permutations);
- the peer, like for like (containment): datasketch's `MinHashLSHEnsemble` with the same
  words (the engine's normalisation), shingles and permutations, threshold 0.7 (see
  `run_datasketch`);
- themes: `parley.insights.engine.find_themes` over the first `--themes` comments.

And prints, for both detectors: wall time, peak memory (the subprocess's maximum
resident set size, VmHWM, which includes the corpus itself: the corpus alone is printed too),
precision and recall (overall and per kind of edit: the pairs with at least one comment of
that kind), and the speed ratio.

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
peer runs on the whole corpus: at 10,000 comments it took 29 s of CPU, so 100k and more
take too long to run whole on a shared machine.
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
from datasketch import MinHash, MinHashLSHEnsemble

from parley.insights.engine import find_campaigns, find_themes
from parley.insights.engine.text import words

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
THRESHOLD = 0.7  # the minimum share of a template a member contains
SHINGLE = 3
NUM_PERM = 128
CAMPAIGN_SHARE = 0.6

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


GREETINGS = [
    "Dear Sir or Madam,", "Dear Council,", "To whom it may concern,", "Hello,", "Dear team,",
    "Dear councillors,", "Hi,", "Dear <name>,", "",
]  # fmt: skip
SIGN_OFFS = [
    "Yours faithfully, <name>", "Regards, <name>", "Thank you, <name>", "Best wishes", "",
    "<name>, <place>", "Many thanks,", "Kind regards, <name> (<role>)",
]  # fmt: skip
# How each planted copy was edited (one kind each), and how often.
KINDS = {
    "exact": 15,
    "personal before": 8,
    "personal after": 8,
    "personal inside": 8,
    "greeting and sign-off": 12,
    "typos": 12,
    "paragraph deleted": 8,
    "paragraphs swapped": 8,
    "partial copy": 9,
    "several at once": 12,
}
KIND_NAMES = list(KINDS)
VOCABULARY: dict[str, list[str]] = {}


def personal_passage(rng: random.Random, topic: str) -> str:
    """A signatory's own words: 5 to 80 of them."""
    target = rng.randrange(5, 81)
    parts = [fill(rng.choice(PERSONAL), rng)]
    while sum(len(p.split()) for p in parts) < target:
        parts.append(sentence(rng, topic, opener=0.8))
    out = " ".join(parts).split()[:target]
    return " ".join(out).rstrip(",;") + "."


def add_typos(paragraphs: list[str], rng: random.Random, count: int) -> list[str]:
    paragraphs = list(paragraphs)
    for _ in range(count):
        i = rng.randrange(len(paragraphs))
        ws = paragraphs[i].split()
        j = rng.randrange(len(ws))
        ws[j] = typo(ws[j], rng)
        paragraphs[i] = " ".join(ws)
    return paragraphs


def copy_of(letter: list[str], topic: str, kind: str, rng: random.Random) -> str:
    """One signatory's copy of a letter (greeting, paragraphs, sign-off), edited by `kind`."""
    greeting, body, sign_off = letter[0], list(letter[1:-1]), letter[-1]
    kinds = [kind]
    if kind == "several at once":
        kinds = rng.sample(
            ["personal before", "personal after", "personal inside", "greeting and sign-off",
             "typos", "paragraph deleted", "paragraphs swapped"],
            rng.choice((2, 3)),
        )  # fmt: skip
    for k in kinds:
        if k == "personal before":
            body.insert(0, personal_passage(rng, topic))
        elif k == "personal after":
            body.append(personal_passage(rng, topic))
        elif k == "personal inside":
            body.insert(rng.randrange(1, len(body)), personal_passage(rng, topic))
        elif k == "greeting and sign-off":
            greeting = fill(rng.choice(GREETINGS), rng)
            sign_off = fill(rng.choice(SIGN_OFFS), rng)
        elif k == "typos":
            body = add_typos(body, rng, rng.randrange(0, 6))
        elif k == "paragraph deleted":
            del body[rng.randrange(len(body))]
        elif k == "paragraphs swapped":
            i = rng.randrange(len(body) - 1)
            body[i], body[i + 1] = body[i + 1], body[i]
        elif k == "partial copy":
            # Whole sentences dropped from the end or the middle, down to 70% of the words.
            sentences = [s + "." for p in body for s in p.split(". ") if s]
            total = sum(len(s.split()) for s in sentences)
            keep = rng.uniform(0.70, 0.95) * total
            while sum(len(s.split()) for s in sentences) > keep and len(sentences) > 1:
                last = sum(len(s.split()) for s in sentences) - len(sentences[-1].split())
                if last < 0.70 * total:
                    break
                del sentences[-1 if rng.random() < 0.5 else rng.randrange(1, len(sentences))]
            body = [" ".join(sentences)]
    return "\n\n".join(part for part in [greeting, *body, sign_off] if part)


def vocabulary(topic: str) -> list[str]:
    return sorted({w for pattern in TOPICS[topic] for w in words(fill(pattern, random.Random(0)))})


def own_sentence(rng: random.Random, topic: str) -> str:
    """A sentence of the letter's own: the topic's words in an order of its own, so
    letters on one topic share vocabulary but not text."""
    vocab = VOCABULARY[topic]
    text = " ".join(rng.choice(vocab) for _ in range(rng.randrange(8, 16)))
    return text[0].upper() + text[1:] + "."


def letter_for(rng: random.Random, topic: str) -> list[str]:
    """A form letter: a greeting, four to seven paragraphs of two or three sentences on one
    topic (half of them stock phrases other letters use too), a sign-off."""
    paragraphs = [
        " ".join(
            sentence(rng, topic, opener=0.7) if rng.random() < 0.5 else own_sentence(rng, topic)
            for _ in range(rng.choice((2, 3)))
        )
        for _ in range(rng.randrange(4, 8))
    ]
    return [fill(rng.choice(GREETINGS), rng), *paragraphs, fill(rng.choice(SIGN_OFFS), rng)]


def shingle_set(text: str) -> set[str]:
    w = words(text)
    return {" ".join(w[i : i + SHINGLE]) for i in range(max(1, len(w) - SHINGLE + 1))}


def generate(n: int, seed: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """`n` comments in random order, each one's planted campaign (-1: independent) and how
    it was edited (an index into KIND_NAMES; -1: independent)."""
    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[int] = []
    kinds: list[int] = []
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
    weights = list(KINDS.values())
    VOCABULARY.update({topic: vocabulary(topic) for topic in TOPICS})
    for campaign, size in enumerate(sizes):
        topic = rng.choice(list(TOPICS))
        letter = letter_for(rng, topic)
        for _ in range(size):
            kind = rng.choices(range(len(KIND_NAMES)), weights=weights)[0]
            texts.append(copy_of(letter, topic, KIND_NAMES[kind], rng))
            labels.append(campaign)
            kinds.append(kind)
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
        kinds.append(-1)
    order = list(range(n))
    rng.shuffle(order)
    return (
        [texts[i] for i in order],
        np.array(labels, dtype=np.int64)[order],
        np.array(kinds, dtype=np.int64)[order],
    )


# ---------------------------------------------------------------------------------------
# Scoring against the planted truth.


def pairs_together(labels: np.ndarray) -> int:
    """How many pairs of comments share a label (-1 shares with nobody)."""
    counts = np.bincount(labels[labels >= 0])
    return int((counts * (counts - 1) // 2).sum())


def pair_counts(found: np.ndarray, truth: np.ndarray) -> tuple[int, int, int]:
    """(pairs found together and truly together, pairs found together, true pairs)."""
    both = (found >= 0) & (truth >= 0)
    joint = found[both] * (max(int(truth.max()), 0) + 1) + truth[both]
    _, joint_counts = np.unique(joint, return_counts=True)
    agree = int((joint_counts * (joint_counts - 1) // 2).sum())
    return agree, pairs_together(found), pairs_together(truth)


def precision_recall(found: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    agree, found_pairs, true_pairs = pair_counts(found, truth)
    precision = agree / found_pairs if found_pairs else 1.0
    recall = agree / true_pairs if true_pairs else 1.0
    return precision, recall


def by_kind(found: np.ndarray, truth: np.ndarray, kinds: np.ndarray) -> list[str]:
    """Pairwise precision and recall over the pairs with at least one comment of each kind
    of edit (all pairs minus the pairs among the other comments)."""
    whole = pair_counts(found, truth)
    lines = []
    for k, name in [*enumerate(KIND_NAMES), (-1, "independent")]:
        others = kinds != k
        rest = pair_counts(np.where(others, found, -1), np.where(others, truth, -1))
        agree, found_pairs, true_pairs = (a - b for a, b in zip(whole, rest, strict=True))
        precision = agree / found_pairs if found_pairs else 1.0
        recall = agree / true_pairs if true_pairs else 1.0
        count = int((kinds == k).sum())
        lines.append(
            f"    {name:22} {count:9,} comments   precision {precision:.4f}   recall {recall:.4f}"
        )
    return lines


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
    """The peer, like for like: containment, not Jaccard. datasketch's MinHashLSHEnsemble
    (threshold 0.7, 128 permutations, 16 partitions) indexes every comment's MinHash with
    its shingle count; each comment is then queried for the comments that contain at
    least 70% of it, and the pairs are joined (union-find). It has no template, so a
    member's personal words count against it, as they would for any pairwise method."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    entries = []
    for i, text in enumerate(texts):
        w = words(text)
        if not w:
            continue
        grams = {" ".join(w[j : j + SHINGLE]).encode() for j in range(max(1, len(w) - SHINGLE + 1))}
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch(list(grams))
        entries.append((i, m, len(grams)))
    lsh = MinHashLSHEnsemble(threshold=THRESHOLD, num_perm=NUM_PERM, num_part=16)
    lsh.index(entries)
    for i, m, size in entries:
        for other in lsh.query(m, size):
            a, b = find(i), find(int(other))
            if a != b:
                parent[max(a, b)] = min(a, b)
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
        texts = [
            line.rstrip("\n").replace("\\n", "\n")
            for _, line in zip(range(limit), lines, strict=False)
        ]
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
    texts, truth, kinds = generate(max(n, args.themes), args.seed)
    truth_n = truth[:n]
    kinds_n = kinds[:n]
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
        # One comment a line; paragraph breaks kept as the two characters \\n.
        corpus.write_text("\n".join(t.replace("\n", "\\n") for t in texts), encoding="utf-8")
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
        print("\n".join(by_kind(labels, truth_n, kinds_n)))
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
            print("\n".join(by_kind(labels, truth_n[:sample], kinds_n[:sample])))
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
