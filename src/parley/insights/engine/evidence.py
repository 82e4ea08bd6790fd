"""Evidence: does a comment give reasons or evidence, and of which kind?

A local, deterministic classifier of rules (regular expressions over a small English and
Welsh lexicon), so an analyst can see why a comment was flagged: each flag names the sign
that matched and the words it matched. Four kinds:

- `statistic`: a number with a unit of people, money, time or a share ("40%", "1 in 5",
  "£2 million", "300 residents"), or words that cite figures ("a survey found");
- `source`: a link, or a named report, study, law or body's publication ("according to",
  "the 2021 census", "section 4 of the Act");
- `experience`: what happened to the writer or the people they care for, or what they
  saw in their work ("in my experience", "as a nurse", "my son was");
- `wording`: a change to the text proposed in words ("should read", "replace … with",
  "add the words", "instead of").

Measured on a labelled set written for Parley (tests/data/evidence_labelled.jsonl,
docs/performance.md); no public annotated corpus of argument types in public comments is
reachable offline.
"""

import re
import unicodedata
from dataclasses import dataclass

KINDS = ("statistic", "source", "experience", "wording")


@dataclass(frozen=True)
class Sign:
    """One rule that matched: its kind, its name, and the words it matched."""

    kind: str
    sign: str
    text: str


_UNITS = (
    r"people|persons|residents|staff|members|respondents|users|patients|pupils|children|"
    r"families|households|cases|complaints|incidents|posts|comments|accounts|councils|"
    r"organisations|schools|hours|days|weeks|months|years|minutes|times|pobl|o bobl"
)

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|twenty|a hundred|un|dau|tri|pedwar|"
    r"pump|deg"
)

_RULES: list[tuple[str, str, str]] = [
    # statistic
    ("statistic", "percentage", r"\d+(?:[.,]\d+)?\s?(?:%|per\s?cent\b|percent\b|y cant\b)"),
    (
        "statistic",
        "ratio",
        rf"\b(?:\d+|{_NUMBER_WORDS})\s(?:in|out of|o bob|allan o)\s(?:\d+|{_NUMBER_WORDS})\b",
    ),
    ("statistic", "money", r"[£$€]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion|miliwn))?"),
    ("statistic", "count", rf"\b\d[\d,]*(?:\.\d+)?\s(?:more\s|fewer\s|extra\s)?(?:{_UNITS})\b"),
    ("statistic", "large number", r"\b\d+(?:\.\d+)?\s(?:thousand|million|billion|mil|miliwn)\b"),
    (
        "statistic",
        "share in words",
        r"\b(?:half|a third|two thirds|a quarter|three quarters|the majority|most|hanner|"
        r"traean|chwarter)\sof\s(?:the\s)?(?:respondents|people|staff|residents|users|those)\b",
    ),
    (
        "statistic",
        "figures cited",
        r"\b(?:survey|poll|statistics|figures|data)\s(?:show|shows|showed|found|suggest|"
        r"suggests|published|from)\b|\barolwg\b|\bystadegau\b",
    ),
    # source
    ("source", "link", r"\bhttps?://\S+|\bwww\.\S+\.\w{2,}"),
    (
        "source",
        "according to",
        r"\baccording to\b|\bas reported (?:by|in)\b|\bas set out in\b|\byn ôl\b",
    ),
    (
        "source",
        "named publication",
        r"\b(?:report|study|review|research|paper|inquiry|audit|evaluation|census|"
        r"guidance|code of practice|adroddiad|astudiaeth|ymchwil)\s(?:by|from|of|published|"
        r"in \d{4}|gan|o)\b|\b(?:19|20)\d\d\s(?:report|study|review|census|survey|act)\b",
    ),
    (
        "source",
        "law",
        r"\b(?:section|article|regulation|schedule|adran)\s\d+[a-z]?\s(?:of|o)\b|"
        # The name of an Act is capitalised: matched case-sensitively (and so, fast).
        r"(?-i:\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*\sAct\s(?:19|20)\d\d\b)|\bDeddf\s",
    ),
    # experience
    (
        "experience",
        "in my experience",
        r"\bin my (?:experience|work|job|role|practice|area|school|ward)\b|"
        r"\byn fy mhrofiad\b|\bo('|’)?m profiad\b",
    ),
    (
        "experience",
        "as a (role)",
        r"\bas an? (?:parent|mother|father|carer|teacher|nurse|doctor|social worker|"
        r"councillor|volunteer|manager|resident|disabled person|officer|moderator|"
        r"member of staff|student|governor|trustee)\b|\bfel (?:rhiant|athro|athrawes|nyrs|"
        r"gofalwr|cynghorydd)\b",
    ),
    (
        "experience",
        "it happened to me",
        r"\b(?:i|we) (?:have|had|was|were|saw|have seen|experienced|worked|spent|lost|found|"
        r"tried|used to|once|remember|received|reported|complained)\b|\bi('|’)ve (?:seen|had|"
        r"worked|been)\b|\bhappened to (?:me|us|my)\b|\bpan (?:oeddwn|es i)\b",
    ),
    (
        "experience",
        "someone close",
        r"\bmy (?:son|daughter|child|children|mother|father|mum|dad|husband|wife|partner|"
        r"family|colleague|colleagues|team|neighbour|friend|grandmother|grandfather)\s"
        r"(?:was|were|had|has|have|is|got|could|couldn|did|told)\b|\bfy (?:mab|merch|mam|nhad|"
        r"nheulu)\b",
    ),
    # wording
    (
        "wording",
        "should read",
        r"\bshould (?:read|say|state)\b|\bto read\b|\bdylai\S*(?:\s\w+)?\s(?:ddarllen|ddweud)\b",
    ),
    (
        "wording",
        "replace with",
        r"\breplace\b.{1,80}?\bwith\b|\bchange\b.{1,60}?\bto\s[\"“‘']|\bsubstitute\b|"
        r"\brewor(?:d|ded|ding)\b|\bredraft(?:ed)?\b|\bnewid\b.{1,60}?\bi\s[\"“‘']",
    ),
    (
        "wording",
        "add or delete words",
        r"\b(?:add|insert|delete|remove|strike out|omit)\s(?:the\s)?(?:words?|phrase|sentence|"
        r"paragraph)\b|\bychwanegu(?:'r| y)? geiriau\b",
    ),
    (
        "wording",
        "instead of",
        r"[\"“‘'][^\"”’']{3,120}[\"”’']\s(?:instead of|rather than|not)\s[\"“‘']|"
        r"\binstead of\s[\"“‘']",
    ),
    (
        "wording",
        "suggested wording",
        r"\b(?:suggested|proposed|alternative|better|clearer)\s(?:wording|text|phrasing)\b|"
        r"\bi (?:suggest|propose) (?:the )?(?:wording|text|it says|this reads|adding)\b",
    ),
]

_COMPILED = [
    (kind, sign, re.compile(pattern, re.IGNORECASE | re.UNICODE)) for kind, sign, pattern in _RULES
]
_SHOWN = 80  # at most this many characters of each match are kept, to show


def signs(text: str) -> list[Sign]:
    """Every rule that matches `text` (each rule once, its first match), in KINDS order."""
    clean = unicodedata.normalize("NFKC", text or "")
    found: list[Sign] = []
    for kind, sign, pattern in _COMPILED:
        match = pattern.search(clean)
        if match is not None:
            found.append(Sign(kind, sign, " ".join(match.group(0).split())[:_SHOWN]))
    return found


def kinds(text: str) -> tuple[str, ...]:
    """The kinds of reason or evidence `text` gives, in KINDS order."""
    present = {sign.kind for sign in signs(text)}
    return tuple(kind for kind in KINDS if kind in present)
