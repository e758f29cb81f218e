"""A refusal of a line that states harm to another person: a calm, firm line (session 24, brief S2, W5).

The realizer's ``refuse`` lines are light ("I'm going to pass on that one, ren. Let's keep it about the
snow!"): right for an injection, a do-not-answer ask or an off-limits topic, wrong for a viewer who says they
mean to hurt someone ("i'll win the race and then shoot my coach"). Such a refusal gets one of these lines: no
exclamation, no cheer, no steer back to the sport. Which lines is a pure function of what the turn reads
(``intent.stated_harm``), the act and the register; every other refusal keeps the realizer's table.
"""

from __future__ import annotations

from agent.dialogue.intent import stated_harm

Lines = dict[str, dict[str, list[str]]]  # register -> lang -> templates

CALM: Lines = {
    "casual": {
        "en": [
            "I won't go along with that, {name}. Nobody should get hurt.",
            "That's not something I'll play along with, {name}. Please don't hurt anyone.",
            "{name}, I'm not taking that one up. Please leave people unharmed.",
        ],
        "zh": ["{name}，这个我不接话。请不要伤害任何人。", "{name}，这种话我不会附和，别伤害别人。"],
    },
    "formal": {
        "en": [
            "I cannot go along with that, {name}. No one should be harmed.",
            "I will not engage with that, {name}. Please do not harm anyone.",
        ],
        "zh": [
            "{name}，我无法回应这样的话。请勿伤害他人。",
            "抱歉{name}，这个我不能回应。请不要伤害任何人。",
        ],
    },
}


def calm_refusal(act: str, viewer_text: str | None, register: str, lang: str) -> list[str] | None:
    """The calm templates for ``act`` "refuse" said to ``viewer_text`` when it states harm to another person
    (``stated_harm``: "others"; a harm to the speaker is care's), in ``register`` and ``lang`` (English when
    the table has no such language); None for any other act or refusal (the realizer's own lines)."""
    if act != "refuse" or not viewer_text or stated_harm(viewer_text) != "others":
        return None
    table = CALM.get(register, CALM["casual"])
    return table.get(lang) or table["en"]
