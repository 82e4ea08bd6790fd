"""The hostile inputs of xss_corpus.txt, escapes decoded."""

import re
from itertools import dropwhile
from pathlib import Path

ESCAPE = re.compile(r"\\(\\|n|t|r|0|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")
SIMPLE = {"\\": "\\", "n": "\n", "t": "\t", "r": "\r", "0": "\x00"}


def _decode(line: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return SIMPLE.get(code) or chr(int(code[1:], 16))

    return ESCAPE.sub(one, line)


def _load() -> list[str]:
    lines = Path(__file__).with_name("xss_corpus.txt").read_text().splitlines()
    return [_decode(line) for line in dropwhile(lambda line: line.startswith("#"), lines) if line]


CORPUS = _load()
