"""``python -m evals.build_intent_words VERBNET_DIR OEWN_YAML_DIR``: write the two word lists
``agent.dialogue.intent`` reads a stated intent to harm with (session 22, brief S, candidate K1; declared in
docs/safety.md before anything was measured).

- ``agent/dialogue/data/harm_verbs.txt``: the single-word members of VerbNet 3.4 classes (github
  cu-clear/verbnet ``verbnet3.4/``, commit ae8e9cf; VerbNet licence: free use, copy, modification and
  distribution with its copyright notice, University of Colorado): a being killed, injured or struck
  (murder-42.1, poison-42.2, suffocate-40.7, attack-60.1, spank-18.3, swat-18.2; hit-18.1 out since K1c),
  tagged ``being``, and a thing wrecked (destroy-44, break-45.1), tagged ``thing``; plus "hurt" and "harm",
  the words that name the intent itself (``being``).
- ``agent/dialogue/data/beings.txt``: the single-word, lower-case members of Open English WordNet's
  ``noun.person`` and ``noun.animal`` lexicographer files whose first noun sense is in one of them (K1c;
  github globalwordnet/english-wordnet ``src/yaml/``,
  commit d94538a, CC BY 4.0).

Session 23 (brief S, K3 and K4; docs/safety.md), read by WordNet synset and hypernym links (OEWN
``src/yaml/``, noun and verb files; "below X" = X or a synset whose hypernym chain reaches X):

- ``agent/dialogue/data/harm_phrasal.txt``: two-word verb lemmas "V P" (P a particle): ``being`` with a sense
  below kill, injure, beat ("give a beating to") or assail; ``thing`` below destroy ("damage irreparably") or
  damage; ``fire`` below burn ("destroy by fire"); ``none``: the other phrasal lemmas of a being verb's head
  ("kick out").
- ``fire`` lines in ``harm_verbs.txt``: single-word verbs whose first verb sense is below burn ("destroy by
  fire").
- ``agent/dialogue/data/kin.txt``: nouns with a noun sense below relative that are no person by their first
  sense ("mum"; K3b: read after a possessive only); ``body.txt``: nouns whose first sense is a body part.
- ``agent/dialogue/data/structures.txt``: nouns with a sense below structure or vehicle (what fire wrecks).
- (``contests.txt``, K4's nouns of contests, games and sports, went with K4's revert: brief S2,
  docs/safety.md; session 24 built it again for K6b, and it went again with K6b's removal.)

Session 24 (brief S, K5r and K6; docs/safety.md):

- ``none`` lines of ``harm_phrasal.txt`` only for a phrasal verb with a sense that takes an object (a
  transitive subcat frame, vt*: "kick out", "whip up"); "shoot up" (vii only) blocks nothing (K5r; K5's
  groups of people, nouns whose first sense is below social group 07967506-n, were not kept).
- (K6b's ``contests.txt`` and ``win_verbs.txt`` - contests, games and sports; verbs below win or beat - were
  removed with K6b after the reviewer's V5: abuse told at a game lost the crisis line; docs/safety.md.)

Session 24 (brief S3, K7; docs/safety.md):

- ``agent/dialogue/data/harm_results.txt``: a harm's result read in a purpose clause ("so he crashes"):
  ``result`` verbs whose first verb sense is below die, fall, fall down, crash, collide, stumble or sicken
  ("get sick"); ``block`` two-word verbs of such a head with no sense below them ("fall asleep");
  ``injury`` verbs whose first sense is below kill or injure (read as a participle, "gets hurt"; K7r),
  ``injure`` those with any sense below them (with a body object, "breaks his leg"); ``ill`` adjectives whose
  first sense is the sick / ill synset or a satellite similar to it ("gets sick", not "gets upset"; K7r);
  ``contaminate`` verbs with a sense below add poison to, contaminate, drug, spike / lace.
- ``agent/dialogue/data/foods.txt``: nouns whose first noun sense is in noun.food or below food, nutrient
  00021445-n ("poison my roommate's food").

Session 25 (brief S, C1; docs/safety.md):

- ``agent/dialogue/data/contests.txt``: one- and two-word nouns with a sense below contest, game or sport and
  none below conflict or military action ("fight", "battle"): session 23's K4 list, built again.
- ``agent/dialogue/data/play_verbs.txt``: ``kill`` lines, the members of VerbNet murder-42.1 (verbs of killing
  that name no means); ``win`` lines, one- and two-word verb lemmas with an OEWN sense below win or beat (S2's
  K4b list). C1 reads such a verb with its target followed by a contest phrase as a win ("kill my dad at
  golf").

Session 25 (brief S2, K8; docs/safety.md): a group of people as a harm verb's target.

- ``agent/dialogue/data/groups.txt``: single-word nouns whose first noun sense is below social group
  07967506-n (team, crowd, audience; K5's list, built again).
- ``agent/dialogue/data/group_verbs.txt``: the being verbs (``harm_verbs.txt``, ``harm_phrasal.txt``) that
  OEWN knows and none of whose senses with a person-object frame (vtaa, vtaa-*, ditransitive) lies outside
  both the being-harm roots and verb.contact / verb.body, and none below succeed or be excellent: "poison the
  team" is a harm, "charge / shoot / kill / slay the crowd" may bill, photograph, delight or win it over.
- ``agent/dialogue/data/adverbs.txt``: single-word lemmas of OEWN's adverbs (what may follow a group noun that
  heads its phrase: "the crew tonight", not "the team photo").
- ``agent/dialogue/data/abstract_nouns.txt`` (K8r): single-word nouns whose first noun sense is in noun.act,
  noun.cognition, noun.communication or noun.event (a figurative means: "choke the jury with paperwork").

Whole classes and whole files: no word is chosen by hand, none from a failing line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from evals.oewn import NOTICE, WordNet, first_sense_beings, lexfile, nouns

DATA = Path(__file__).resolve().parents[1] / "agent" / "dialogue" / "data"
#: hit-18.1 left out (K1c): its chat senses are meeting, winning and touching ("hit you up", "beat him in the
#: final", "tap my card")
BEING_CLASSES = (
    "murder-42.1",
    "poison-42.2",
    "suffocate-40.7",
    "attack-60.1",
    "spank-18.3",
    "swat-18.2",
)
THING_CLASSES = ("destroy-44", "break-45.1")
INTENT_WORDS = ("hurt", "harm")
_MEMBER = re.compile(r'<MEMBER\b[^>]*\bname="([^"]+)"')
_WORD = re.compile(r"[a-z]+")


def members(verbnet: Path, cls: str) -> list[str]:
    names = _MEMBER.findall((verbnet / f"{cls}.xml").read_text(encoding="utf-8"))
    return sorted({n for n in names if _WORD.fullmatch(n)})


#: WordNet roots (OEWN synset ids at d94538a), session 23's K3 and K4
BEING_ROOTS = ("01326622-v", "00069650-v", "01399864-v", "01122487-v")  # kill, injure, beat, assail
THING_ROOTS = ("01566925-v", "00259743-v")  # destroy ("damage irreparably"), damage
FIRE_ROOT = "00379335-v"  # burn: destroy by fire
KIN_ROOT = "10255246-n"  # relative: a person related by blood or marriage
STRUCTURE_ROOTS = ("04348764-n", "04531608-n")  # structure, vehicle
PARTICLES = ("up", "down", "out", "off", "over", "in", "on")
#: session 24 (K7): a harm's result (die, fall, fall down, crash, collide, stumble, sicken); an injury (kill,
#: injure); sick / ill (an adjective synset); contaminating (add poison to, contaminate, drug, spike / lace)
RESULT_ROOTS = (
    "00359085-v", "01976312-v", "01988331-v", "01976584-v", "01563925-v", "01904401-v", "00087206-v",
)  # fmt: skip
INJURY_ROOTS = ("01326622-v", "00069650-v")
#: session 25 (C1), as session 23's K4 and K4b: contest, game, sport; no conflict or military action; win,
#: beat; VerbNet's class of killing that names no means
CONTEST_ROOTS = ("07470961-n", "00456623-n", "00524569-n")
FIGHT_ROOTS = ("00961007-n", "00955074-n")
WIN_ROOTS = ("01102556-v", "01104324-v")
KILL_CLASS = "murder-42.1"
ILL_SYNSET = "02552072-a"
FOOD_ROOT = "00021445-n"  # food, nutrient (noun.Tops): what is eaten, with noun.food's nouns
CONTAMINATE_ROOTS = ("00533509-v", "00493642-v", "00084491-v", "00222561-v")
#: session 25 (K8): social group; succeed ("attain success"), be excellent; the lexicographer files of a
#: physical act
GROUP_ROOT = "07967506-n"
SUCCESS_ROOTS = ("02529837-v", "82316888-v")
PHYSICAL_FILES = frozenset({"verb.contact", "verb.body"})
#: K8r: noun.act, noun.cognition, noun.communication, noun.event (lexicographer file numbers)
ABSTRACT_FILES = frozenset({"04", "09", "10", "11"})
_LOWER = re.compile(r"[a-z]+(?: [a-z]+)?")


def phrasal(wn: WordNet, heads: set[str]) -> list[tuple[str, str]]:
    """``(kind, "V P")`` for every two-word verb lemma whose second word is a particle (K3)."""
    being, thing, fire = wn.below(BEING_ROOTS), wn.below(THING_ROOTS), wn.below(FIRE_ROOT)
    out: list[tuple[str, str]] = []
    for (lemma, pos), senses in sorted(wn.senses.items()):
        parts = lemma.split(" ")
        if pos != "v" or len(parts) != 2 or parts[1] not in PARTICLES or not _WORD.fullmatch(parts[0]):
            continue
        kinds = [
            k for k, group in (("being", being), ("thing", thing), ("fire", fire)) if set(senses) & group
        ]
        if not kinds and parts[0] in heads and takes_an_object(wn, lemma):
            kinds = ["none"]
        out += [(k, lemma) for k in kinds]
    return out


def takes_an_object(wn: WordNet, lemma: str) -> bool:
    """A sense of the verb ``lemma`` takes an object (a transitive subcat frame, vt*: "Somebody ----s
    somebody", "Somebody ----s something"): only such a harm-free phrasal verb can stand where its head harms
    a being ("kick out my brother" = expel, "whip up the crowd" = excite); one that takes none in any sense
    ("shoot up" = rise, "hang out") blocks nothing (session 24, K5r)."""
    return any(f.startswith("vt") for f in wn.frames.get(lemma, ()))


def first_sense_below(wn: WordNet, root: tuple[str, ...] | str, pos: str) -> set[str]:
    group = wn.below(root)
    return {
        lemma for (lemma, p), senses in wn.senses.items()
        if p == pos and senses and senses[0] in group and _WORD.fullmatch(lemma)
    }  # fmt: skip


def write_session23(wn: WordNet, being_heads: set[str]) -> None:
    """K3's lists (session 23, brief S): phrasal verbs, fire verbs, kin, structures."""
    notice = NOTICE
    (DATA / "harm_phrasal.txt").write_text(
        '# Two-word verbs "V P" (agent.dialogue.intent, K3); built by python -m evals.build_intent_words.\n'
        + notice
        + "".join(f"{k} {lemma}\n" for k, lemma in phrasal(wn, being_heads)),
        encoding="utf-8",
    )
    words = sorted(w for w in wn.lemmas(wn.below(STRUCTURE_ROOTS)) if " " not in w)
    (DATA / "structures.txt").write_text(
        f"# Nouns with a sense below {', '.join(STRUCTURE_ROOTS)} (agent.dialogue.intent); built by\n"
        "# python -m evals.build_intent_words.\n" + notice + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )


def ill_adjectives(wn: WordNet, oewn: Path, synset: str = ILL_SYNSET) -> list[str]:
    """Single-word adjectives whose first adjective sense is ``synset`` or a satellite similar to it (K7r:
    "sick", not "upset")."""
    adjs = lexfile(oewn, "adj.all")
    group = {synset, *adjs[synset].get("similar", ())}
    group |= {sid for sid, syn in adjs.items() if synset in syn.get("similar", ())}
    return sorted(
        lemma for (lemma, pos), senses in wn.senses.items()
        if pos == "a" and senses and senses[0] in group and _WORD.fullmatch(lemma)
    )  # fmt: skip


def write_k7(wn: WordNet, oewn: Path) -> None:
    """K7's lists (session 24, brief S3): a harm's results, injuries, sick / ill, contaminating; foods."""
    results = wn.below(RESULT_ROOTS)
    result = first_sense_below(wn, RESULT_ROOTS, "v")
    injure = {w for w in wn.lemmas(wn.below(INJURY_ROOTS)) if " " not in w}
    injury = first_sense_below(wn, INJURY_ROOTS, "v")
    contaminate = {w for w in wn.lemmas(wn.below(CONTAMINATE_ROOTS)) if " " not in w}
    block = sorted(
        lemma for (lemma, pos), senses in wn.senses.items()
        if pos == "v" and lemma.count(" ") == 1 and lemma.split(" ")[0] in result
        and _LOWER.fullmatch(lemma) and not set(senses) & results
    )  # fmt: skip
    rows = [
        ("result", sorted(result)),
        ("block", block),
        ("injury", sorted(injury)),
        ("injure", sorted(injure)),
        ("ill", ill_adjectives(wn, oewn)),
        ("contaminate", sorted(contaminate)),
    ]
    (DATA / "harm_results.txt").write_text(
        "# A harm's result and its neighbours (agent.dialogue.intent, session 24 K7, K7r): result, first\n"
        f"# sense below {', '.join(RESULT_ROOTS)};\n"
        "# block: their heads' other two-word verbs; injury (first sense) and injure (any sense) below\n"
        f"# {', '.join(INJURY_ROOTS)}; ill: first sense {ILL_SYNSET} or a satellite similar to it;\n"
        f"# contaminate below {', '.join(CONTAMINATE_ROOTS)}. Built by python -m evals.build_intent_words.\n"
        + NOTICE
        + "".join(f"{kind} {w}\n" for kind, words in rows for w in words),
        encoding="utf-8",
    )
    eaten = {w for w in first_sense_beings(oewn, frozenset({"13"})) if _WORD.fullmatch(w)}
    foods = sorted(eaten | first_sense_below(wn, FOOD_ROOT, "n"))
    (DATA / "foods.txt").write_text(
        "# Nouns whose first noun sense is in noun.food or below food 00021445-n (agent.dialogue.intent,\n"
        "# session 24 K7); built by\n"
        "# python -m evals.build_intent_words.\n" + NOTICE + "".join(f"{w}\n" for w in foods),
        encoding="utf-8",
    )


def write_c1(wn: WordNet, verbnet: Path) -> None:
    """C1's lists (session 25, brief S): contest nouns; verbs of killing (murder-42.1) and of winning."""
    fights = wn.below(FIGHT_ROOTS)
    contests = sorted(
        w for w in wn.lemmas(wn.below(CONTEST_ROOTS)) if not set(wn.senses.get((w, "n"), ())) & fights
    )
    (DATA / "contests.txt").write_text(
        f"# Nouns with a sense below {', '.join(CONTEST_ROOTS)} and none below {', '.join(FIGHT_ROOTS)}\n"
        "# (agent.dialogue.contest, session 25 C1); built by python -m evals.build_intent_words.\n"
        + NOTICE
        + "".join(f"{w}\n" for w in contests),
        encoding="utf-8",
    )
    kill = members(verbnet, KILL_CLASS)
    win = sorted(wn.lemmas(wn.below(WIN_ROOTS)))
    (DATA / "play_verbs.txt").write_text(
        "# Verbs a win is said with (agent.dialogue.contest, session 25 C1): kill, VerbNet 3.4\n"
        f"# {KILL_CLASS} (University of Colorado, VerbNet licence: free use with this notice); win, lemmas\n"
        f"# with a sense below {', '.join(WIN_ROOTS)}. Built by python -m evals.build_intent_words.\n"
        + NOTICE
        + "".join(f"kill {w}\n" for w in kill)
        + "".join(f"win {w}\n" for w in win),
        encoding="utf-8",
    )


def _takes_a_person(frames: set[str]) -> bool:
    return any(f == "vtaa" or f.startswith("vtaa-") or f == "ditransitive" for f in frames)


def group_verb(wn: WordNet, lemma: str) -> bool:
    """K8: OEWN knows ``lemma`` as a verb and every sense of it that takes a person object is a harm (below
    K3's being roots, or a physical act: verb.contact, verb.body), and none is below succeed or be excellent.
    A verb whose other sense bills, photographs, delights or wins over people is not read with a group."""
    harm, success = wn.below(BEING_ROOTS), wn.below(SUCCESS_ROOTS)
    senses = wn.sense_frames.get(lemma, [])
    return bool(senses) and not any(
        sid in success
        or (_takes_a_person(frames) and sid not in harm and wn.lexfile.get(sid) not in PHYSICAL_FILES)
        for sid, frames in senses
    )


def write_k8(wn: WordNet, oewn: Path) -> None:
    """K8's lists (session 25, brief S2): group nouns, the being verbs read with a group, adverbs."""
    groups = sorted(first_sense_below(wn, GROUP_ROOT, "n"))
    (DATA / "groups.txt").write_text(
        f"# Nouns whose first noun sense is below social group {GROUP_ROOT} (agent.dialogue.intent, K8);\n"
        "# built by python -m evals.build_intent_words.\n" + NOTICE + "".join(f"{w}\n" for w in groups),
        encoding="utf-8",
    )
    rows: list[str] = []
    for line in (DATA / "harm_verbs.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("being "):
            rows.append(line.split(" ", 1)[1])
    for line in (DATA / "harm_phrasal.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("being "):
            rows.append(line.split(" ", 1)[1])
    verbs = sorted({v for v in rows if group_verb(wn, v)})
    (DATA / "group_verbs.txt").write_text(
        "# Being verbs read with a group of people as their target (agent.dialogue.intent, K8): every sense\n"
        f"# with a person-object frame below {', '.join(BEING_ROOTS)} or in\n"
        f"# {', '.join(sorted(PHYSICAL_FILES))}; none below {', '.join(SUCCESS_ROOTS)}. Built by\n"
        "# python -m evals.build_intent_words.\n" + NOTICE + "".join(f"{v}\n" for v in verbs),
        encoding="utf-8",
    )
    adverbs = lexfile(oewn, "adv.all")
    words = sorted(
        {str(m) for syn in adverbs.values() for m in syn.get("members", ()) if _WORD.fullmatch(str(m))}
    )
    abstract = sorted(w for w in first_sense_beings(oewn, ABSTRACT_FILES) if _WORD.fullmatch(w))
    (DATA / "abstract_nouns.txt").write_text(
        "# Nouns whose first noun sense is in noun.act, noun.cognition, noun.communication or noun.event\n"
        "# (agent.dialogue.intent, K8r: a figurative means); built by python -m evals.build_intent_words.\n"
        + NOTICE
        + "".join(f"{w}\n" for w in abstract),
        encoding="utf-8",
    )
    (DATA / "adverbs.txt").write_text(
        "# Single-word adverbs (OEWN adv.all; agent.dialogue.intent, K8); built by\n"
        "# python -m evals.build_intent_words.\n" + NOTICE + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )


#: session 25 (K9, brief S3): set on fire (verb.weather; its gloss opens "set fire to"), explode ("cause to
#: burst"), building, wheeled vehicle (K9 as amended: a balloon is a vehicle by its first sense)
SET_FIRE_SYNSET = "02766097-v"
EXPLODE_ROOT = "00307505-v"
BUILDING_ROOTS = ("02916498-n", "04583497-n")


def write_k9(wn: WordNet, oewn: Path) -> None:
    """K9's list (session 25, brief S3), ``data/property_harm.txt``: ``split X`` (set OBJ X: the members of
    set on fire), ``joined X`` (set X OBJ: the gloss's "set fire to"), ``explode V`` (first sense explode or
    below), ``ruin V`` (every sense below destroy, damage or burn), ``building N`` (first noun sense below
    building or vehicle)."""
    synsets = lexfile(oewn, wn.lexfile[SET_FIRE_SYNSET])
    gloss = str(synsets[SET_FIRE_SYNSET]["definition"][0]).split(";")[0].split()
    split = sorted(" ".join(m.split()[1:]) for m in wn.members[SET_FIRE_SYNSET] if m.startswith("set "))
    joined = [" ".join(gloss[1:])] if gloss[0] == "set" else []
    ruined = wn.below(THING_ROOTS) | wn.below(FIRE_ROOT)
    ruin = sorted(
        lemma for (lemma, pos), senses in wn.senses.items()
        if pos == "v" and senses and set(senses) <= ruined and _WORD.fullmatch(lemma)
    )  # fmt: skip
    explode = sorted(
        lemma for (lemma, pos), senses in wn.senses.items()
        if pos == "v" and senses and senses[0] in wn.below(EXPLODE_ROOT) and _LOWER.fullmatch(lemma)
    )  # fmt: skip
    rows = [("split", split), ("joined", joined), ("explode", explode), ("ruin", ruin)]
    rows.append(("building", sorted(first_sense_below(wn, BUILDING_ROOTS, "n"))))
    (DATA / "property_harm.txt").write_text(
        "# Harm to another's property (agent.dialogue.property_harm, K9): set on fire "
        f"{SET_FIRE_SYNSET} split and its\n# gloss's form joined; first sense below explode {EXPLODE_ROOT}; "
        f"every sense below {', '.join(THING_ROOTS)}, {FIRE_ROOT};\n# nouns whose first sense is below "
        f"{', '.join(BUILDING_ROOTS)}; built by python -m evals.build_intent_words.\n"
        + NOTICE
        + "".join(f"{kind} {w}\n" for kind, words in rows for w in words),
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    verbnet, oewn = Path(args[0]), Path(args[1])
    being = sorted(set().union(*(members(verbnet, c) for c in BEING_CLASSES)) | set(INTENT_WORDS))
    thing = sorted(set().union(*(members(verbnet, c) for c in THING_CLASSES)))
    wn = WordNet(oewn)
    fire = sorted(first_sense_below(wn, FIRE_ROOT, "v"))
    (DATA / "harm_verbs.txt").write_text(
        "# Verbs of a stated intent to harm (agent.dialogue.intent); built by\n"
        "# python -m evals.build_intent_words. VerbNet 3.4 (github cu-clear/verbnet verbnet3.4/, ae8e9cf),\n"
        "# University of Colorado; used under the\n"
        "# VerbNet licence (free use with this notice). being: "
        + ", ".join(BEING_CLASSES)
        + " + hurt, harm;\n"
        "# thing: "
        + ", ".join(THING_CLASSES)
        + ".\n"
        + "# fire (session 23, K3): Open English WordNet verbs whose first sense is below burn 00379335-v.\n"
        + "".join(f"being {w}\n" for w in being)
        + "".join(f"thing {w}\n" for w in thing)
        + "".join(f"fire {w}\n" for w in fire),
        encoding="utf-8",
    )
    words = sorted((nouns(oewn, "noun.person") | nouns(oewn, "noun.animal")) & first_sense_beings(oewn))
    kin = sorted({w for w in wn.lemmas(wn.below(KIN_ROOT)) if " " not in w} - set(words))
    (DATA / "kin.txt").write_text(
        "# Kin words that are no person by their first sense (agent.dialogue.intent, K3b: a person only\n"
        '# after a possessive, "my mum"): a noun sense below relative 10255246-n; built by\n'
        "# python -m evals.build_intent_words.\n" + NOTICE + "".join(f"{w}\n" for w in kin),
        encoding="utf-8",
    )
    body = sorted(w for w in first_sense_beings(oewn, frozenset({"08"})) if _WORD.fullmatch(w))
    (DATA / "body.txt").write_text(
        "# Nouns whose first sense is a body part (noun.body; agent.dialogue.intent, K3b); built by\n"
        "# python -m evals.build_intent_words.\n" + NOTICE + "".join(f"{w}\n" for w in body),
        encoding="utf-8",
    )
    (DATA / "beings.txt").write_text(
        "# Nouns of a person or an animal (agent.dialogue.intent); built by\n"
        "# python -m evals.build_intent_words. Open English WordNet (github globalwordnet/english-wordnet\n"
        "# src/yaml, d94538a), noun.person and noun.animal, single-word lower-case members whose first\n"
        "# noun sense is one of them;\n"
        "# CC BY 4.0 (c) the Open English WordNet contributors.\n" + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )
    write_session23(wn, set(being))
    write_k7(wn, oewn)
    write_k8(wn, oewn)
    write_c1(wn, verbnet)
    write_k9(wn, oewn)
    print(f"verbs: being {len(being)}, thing {len(thing)}, fire {len(fire)}; beings {len(words)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
