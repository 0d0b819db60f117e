"""Read what the development mail backend (``filebased.EmailBackend``) wrote: who got what, how often."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

SEPARATOR = b"-" * 79  # written by Django's console/file backends after each message


def messages(folder: Path) -> Counter:
    """How many times each (recipient address, subject) was written to the folder's files."""
    seen: Counter = Counter()
    for path in sorted(Path(folder).iterdir()):
        to = subject = b""
        in_headers = True
        with path.open("rb") as handle:
            for line in handle:
                if line.startswith(SEPARATOR):
                    seen[(to.decode(errors="replace"), subject.decode(errors="replace"))] += 1
                    to = subject = b""
                    in_headers = True
                elif in_headers and line.startswith(b"To: "):
                    to = line[4:].strip()
                elif in_headers and line.startswith(b"Subject: "):
                    subject = line[9:].strip()
                elif in_headers and line in (b"\n", b"\r\n"):
                    in_headers = False
    return seen


def duplicates(seen: Counter) -> int:
    """Messages beyond the first of each (address, subject)."""
    return sum(n - 1 for n in seen.values() if n > 1)
