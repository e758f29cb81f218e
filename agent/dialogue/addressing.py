"""Who a reply speaks to, and the act it is phrased as: pure readings of one turn's input.

The composer phrases the tree's act for the input it answers (``act_for_input``), names the viewer
(``viewer_name``), says nothing for words addressed to another viewer (``said_to_others``,
``unsaid_dont_know``) and answers a joke or a live thing asked with the persona card's line
(``card_request``). The decide stage asks the same functions, so its ``behavior`` event says what the
composer will do. Moved out of ``composer.py`` (session 19, brief R), unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from agent.dialogue.host_questions import HostQuestion, addressed_elsewhere, host_request
from agent.dialogue.takeup import SEVERAL, declined_target, host_action
from agent.events import InputEvent
from agent.stages import Percept

#: intents whose viewer is not named (an abuser's or a spammer's name may be the abuse)
SAFE_INTENTS_FOR_NAME = frozenset({"abuse", "spam", "injection-attempt"})
#: Acts said to nobody when the line opens with an @-address to another viewer (``addressed_elsewhere``):
#: taking up words said to someone else ("@mike did you see that jump" got "Noted, mika_k. Are you watching
#: any of the races today?") or apologizing for them; an answer, a greeting, a farewell are still said.
NOT_TO_OTHERS = frozenset({"reply", "apologize"})


def act_for_input(act: str, percept: Percept, event: InputEvent | None) -> str:
    """Phrasing only, not a decision (issue 13 item 3): a segment, cheer, promotion or chat question the tree
    chose in reply to a comment is phrased as taking up what the viewer said (the realizer's ``reply``; a
    greeting or farewell is returned in kind). Whether a question is answered is the tree's rule
    (``behaviors.nodes.question_said``), so the ``behavior`` event names the branch really taken. A request
    for a host action ("can i get a shoutout", "say hi to my mom": ``host_action_asked``) is taken up with a
    line that does it, whatever the tree read the line as (``HOST_ACTION_ACTS``): never the base's answer."""
    if event is None:
        return act
    if act in HOST_ACTION_ACTS and host_action_asked(percept):  # "can i get a shoutout": the shout-out
        # a cheer asked for a flagged target ("give a shoutout to the kkk") is declined (session 21, brief S)
        return "refuse" if declined_target(percept.text) else "reply"
    if act in ("inform", "cheer", "ask", "promote"):  # a viewer who said something is not sold to
        return {"greeting": "greet", "farewell": "farewell"}.get(percept.intent, "reply")
    return act


#: the tree's acts that a request for a host action (``host_action_asked``) is phrased as taking up, whatever
#: the tree read the line as: "can i get a shoutout" opens like a question (a don't-know from the base),
#: "shout me out pls" was read as a farewell, "say hi to my mom" as chat (session 19, brief F2), "cheer for
#: canada pls" as a complaint (an apology: session 20, brief S)
HOST_ACTION_ACTS = frozenset(
    {"answer", "clarify", "farewell", "inform", "cheer", "ask", "promote", "apologize"}
)


def host_action_asked(percept: Percept) -> tuple[str, str] | None:
    """The host action (a shout-out, a hello, the viewer's name said, a cheer: ``takeup.host_action``) the
    line asks for, in English; None for abuse, spam and injection, never taken up. Whether the line is said
    to another viewer is ``said_to_others``'s to tell (the take-up is then unsaid)."""
    if percept.language != "en" or percept.intent in SAFE_INTENTS_FOR_NAME:
        return None
    return host_action(percept.text, None)


def said_to_others(act: str, percept: Percept, event: InputEvent | None, host: str) -> bool:
    """Whether the composer says nothing for ``act`` (a take-up or an apology, ``NOT_TO_OTHERS``, as
    ``act_for_input`` phrases it) because the line opens with an @-address to a viewer other than ``host``
    ("@mike did you see that jump"). The decide stage asks it too, so its log says the host stayed quiet.
    Nor is a newcomer's greeting, for one newcomer whose line to someone else is no greeting (session 16: a
    newcomer's "@mike did you see that jump" got "Hey pim, welcome to the stream!": the viewer is talking
    to mike, and a welcome cuts in); a greeting returned in kind ("@kai hi") and a batch of newcomers
    greeted together (``several``) still are."""
    if not addressed_elsewhere(percept.text, host):
        return False
    said = act_for_input(act, percept, event)
    if said in NOT_TO_OTHERS:
        return True
    return said == "greet" and percept.intent != "greeting" and not several(event)


def unsaid_dont_know(act: str, percept: Percept, event: InputEvent | None, host: str) -> bool:
    """Whether the composer says nothing for an answer or a don't-know ``act`` to a question asked of
    another viewer ("@kai what's your name?": the base has no answer, the shop no line to say instead, so
    a don't-know would be no reply to anyone), known before composing once grounding has looked for the
    shop's offer (``Percept.offer_looked``): the decide stage asks it, so its log says the host stayed
    quiet instead of ``rules/abstain`` (session 16). The composer's own check is the same rule on what it
    found (``compose``)."""
    act = act_for_input(act, percept, event)
    if act not in ("answer", "clarify") or not percept.offer_looked or percept.offer is not None:
        return False
    if percept.intent == "injection-attempt":  # refused, not answered (``compose``)
        return False
    answer = percept.answer
    unanswerable = act == "clarify" or (answer is not None and (answer.abstained or not answer.text.strip()))
    return unanswerable and addressed_elsewhere(percept.text, host)


def several(event: InputEvent | None) -> bool:
    """The input speaks for several viewers: a batch's label ("tomasz, kai and mei", ``names_label``)."""
    user = event.user if event is not None else None
    return user is not None and SEVERAL.search(str(user.name)) is not None


def request_of(percept: Percept, host: str) -> HostQuestion | None:
    """The joke or live thing ``percept``'s line asks of the host (``host_request``, English only): what
    grounding read once this turn (``Percept.request``), or, for a percept no grounding saw (a channel that
    brought its own answer, a test), read now."""
    if percept.request_read:
        return percept.request
    return host_request(percept.text, host) if percept.language == "en" else None


#: the acts (as ``act_for_input`` phrases them) for which the composer says the card's line to a joke or a
#: live thing asked: the whole line asks for it, whatever the tree read it as ("tell me a joke" is read as
#: praise, "tell me another joke" as a farewell, "what's the weather like today" as chat)
CARD_ACTS = frozenset({"answer", "clarify", "reply", "greet", "farewell"})


def card_request(act: str, percept: Percept, event: InputEvent | None, host: str) -> HostQuestion | None:
    """The joke or live thing (``request_of``) the composer answers with the persona card's line for ``act``
    (as ``act_for_input`` phrases it), or None. The decide stage asks it too, so its log says that the
    card's line was said rather than the tree's reading of the line ("praise comment worth a reply")."""
    if percept.language != "en" or percept.intent in SAFE_INTENTS_FOR_NAME:
        return None
    if act_for_input(act, percept, event) not in CARD_ACTS:
        return None
    return request_of(percept, host)


def newcomer(percept: Percept) -> bool:
    """The viewer's first line (screening's finding): an answer opens with a welcome, not the bare name."""
    return bool(percept.screening is not None and percept.screening.newcomer)


def viewer_name(event: Any, percept: Percept) -> str | None:
    """How the reply names the viewer: their name; "" for one person whose name is unknown (a chat with no
    name given: the lines leave the address out, never "viewer" or the crew's name); None for the crew."""
    user = event.user if event is not None else None
    if user is None or percept.intent in SAFE_INTENTS_FOR_NAME:
        return None
    name = str(user.name).strip()
    if len(name) <= 32:
        return name
    names = [n for n in re.split(r", | and ", name) if n and not re.fullmatch(r"\d+ others?", n)]
    if len(names) < 2:
        return name[:32]
    # a batch's label ("Ana, Ben, Cy and 4 others"): whole names only, never one cut in half ("vd7fb6")
    kept = names[:1]
    for n in names[1:]:
        if len(", ".join([*kept, n])) > 32:
            break
        kept.append(n)
    return ", ".join(kept) + " and others"


__all__ = [
    "CARD_ACTS",
    "HOST_ACTION_ACTS",
    "NOT_TO_OTHERS",
    "SAFE_INTENTS_FOR_NAME",
    "act_for_input",
    "card_request",
    "host_action_asked",
    "newcomer",
    "request_of",
    "said_to_others",
    "several",
    "unsaid_dont_know",
    "viewer_name",
]
