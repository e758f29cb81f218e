"""One reader of Open English WordNet's yaml for the ``evals/build_*`` word-list scripts (session 28, brief P;
the session 27 review's D7: six scripts each had their own loader).

OEWN: github globalwordnet/english-wordnet ``src/yaml/``, commit d94538a, CC BY 4.0 (``NOTICE`` goes into
every list built from it). ``load`` reads one file (PyYAML's C loader when it has one), ``lexfile`` one
lexicographer file ("noun.person"), ``entries`` the lemma files in order; ``WordNet`` holds the noun and verb
synsets with their hypernym links and each lemma's senses in order; ``first_sense_beings`` and ``nouns`` are
the first-sense and member readings several lists share.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

NOTICE = "# Open English WordNet (github globalwordnet/english-wordnet src/yaml, d94538a), CC BY 4.0.\n"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WORD = re.compile(r"[a-z]+")
_LOWER = re.compile(r"[a-z]+(?: [a-z]+)?")
#: a lemma's line in ``entries-*.yaml``, and a noun sense's key with its lexicographer file's number
_LEMMA = re.compile(r"^(?:'([^']+)'|([^\s'][^:]*)):\s*$")
_NOUN_SENSE = re.compile(r"%1:(\d\d):")
#: the lexicographer file numbers of noun.animal and noun.person
_BEING_FILES = frozenset({"05", "18"})


def load(path: Path) -> dict[Any, Any]:
    """One OEWN yaml file: synsets by id, or lemmas with their parts of speech (``entries-*.yaml``)."""
    return dict(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER))


def lexfile(oewn: Path, name: str) -> dict[Any, Any]:
    """The synsets of one lexicographer file (``name``: "noun.person", "adj.all")."""
    return load(oewn / f"{name}.yaml")


def entries(oewn: Path) -> Iterator[dict[Any, Any]]:
    """Each ``entries-*.yaml`` file's lemmas (lemma -> part of speech -> entry), in file order."""
    for path in sorted(oewn.glob("entries-*.yaml")):
        yield load(path)


def nouns(oewn: Path, name: str) -> set[str]:
    """The single-word lower-case members of the lexicographer file ``name``'s synsets."""
    return {m for s in lexfile(oewn, name).values() for m in s.get("members", ()) if _WORD.fullmatch(m)}


def first_sense_beings(oewn: Path, files: frozenset[str] = _BEING_FILES) -> set[str]:
    """Lemmas whose first noun sense (the order of ``entries-*.yaml``) is a person or an animal (K1c), or in
    the lexicographer ``files`` given (by number: "08" noun.body). Read line by line, no yaml parse."""
    out: set[str] = set()
    for path in sorted(oewn.glob("entries-*.yaml")):
        lemma: str | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            m = _LEMMA.match(line)
            if m:
                lemma = m.group(1) or m.group(2)
                continue
            sense = _NOUN_SENSE.search(line) if lemma is not None and "id:" in line else None
            if sense and lemma is not None:
                if sense.group(1) in files:
                    out.add(lemma)
                lemma = None  # only the first noun sense counts
    return out


class WordNet:
    """Synsets (members, hypernyms) of OEWN's noun and verb files and each lemma's senses in order."""

    def __init__(self, oewn: Path) -> None:
        self.members: dict[str, list[str]] = {}
        self.hyponyms: dict[str, list[str]] = defaultdict(list)
        #: each synset's lexicographer file ("verb.contact")
        self.lexfile: dict[str, str] = {}
        for path in sorted(oewn.glob("*.yaml")):
            if path.name.startswith(("noun.", "verb.")):
                for sid, syn in load(path).items():
                    self.members[sid] = [str(m) for m in syn.get("members", ())]
                    self.lexfile[sid] = path.stem
                    for h in [*syn.get("hypernym", ()), *syn.get("instance_hypernym", ())]:
                        self.hyponyms[h].append(sid)
        self.senses: dict[tuple[str, str], list[str]] = {}
        #: a verb lemma's subcat frames over all its senses ("vtaa": "Somebody ----s somebody")
        self.frames: dict[str, set[str]] = defaultdict(set)
        #: a verb lemma's senses in order, each with its own subcat frames (K8)
        self.sense_frames: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
        for lemmas in entries(oewn):
            for lemma, poses in lemmas.items():
                for pos, entry in poses.items():
                    if pos in ("n", "v", "a", "s"):  # "s" (a satellite) is read as an adjective, "a"
                        self.senses.setdefault((str(lemma), "a" if pos == "s" else pos), []).extend(
                            s["synset"] for s in entry.get("sense", ())
                        )
                    if pos == "v":
                        for sense in entry.get("sense", ()):
                            self.frames[str(lemma)].update(sense.get("subcat", ()))
                            self.sense_frames[str(lemma)].append(
                                (sense["synset"], set(sense.get("subcat", ())))
                            )

    def below(self, roots: tuple[str, ...] | str) -> set[str]:
        todo = [roots] if isinstance(roots, str) else list(roots)
        out = set(todo)
        while todo:
            for kid in self.hyponyms.get(todo.pop(), ()):
                if kid not in out:
                    out.add(kid)
                    todo.append(kid)
        return out

    def lemmas(self, synsets: set[str]) -> set[str]:
        """Lower-case one- and two-word members of ``synsets``."""
        return {m for s in synsets for m in self.members[s] if _LOWER.fullmatch(m)}


__all__ = ["NOTICE", "WordNet", "entries", "first_sense_beings", "lexfile", "load", "nouns"]
