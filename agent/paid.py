"""Paid messages (superchats): what one is worth, and the line that reads it aloud.

Pure functions, no I/O. Triage ranks paid messages by their worth in US dollars (``usd_value``) and the turn
opens its answer to one with ``read_out``: who sent how much, then the message itself ("Mika sent 20
dollars: who carried the flag for Japan?"); the composer's answer follows.

``USD_PER_UNIT`` is a small, fixed table of approximate exchange rates (late 2026, rounded): it orders
superchats in different currencies and decides a barge-in, it is not accounting. A currency not in it is
worth 0 (ranked below every known one, never barges in) and is read with its code ("500 XYZ"). Twitch
cheers come as ``bits`` (100 bits = 1 dollar).

Moderation applies to what is read aloud: a name with a slur or an insult is not said ("A viewer sent..."),
an unsafe text (spam, abuse, injection) is not read (the line thanks them instead). A message in Chinese
gets a Chinese line ("冰糖送了30元的醒目留言：加油！"), so the Mandarin voice reads all of it rather than an
English voice spelling out Han characters.
"""

from __future__ import annotations

from agent.events import Superchat
from agent.perception.abuse import find_slur, normalize
from agent.perception.lexicon import cjk_ratio, has_abuse
from agent.screening import screen

#: US dollars per unit of each currency (ISO 4217 codes; ``BITS`` for Twitch cheers). Approximate.
USD_PER_UNIT: dict[str, float] = {
    "USD": 1.0,
    "BITS": 0.01,
    "EUR": 1.08,
    "GBP": 1.27,
    "CHF": 1.13,
    "CAD": 0.73,
    "AUD": 0.66,
    "NZD": 0.60,
    "JPY": 0.0067,
    "CNY": 0.14,
    "HKD": 0.128,
    "TWD": 0.031,
    "KRW": 0.00073,
    "SGD": 0.74,
    "INR": 0.012,
    "PHP": 0.017,
    "IDR": 0.000063,
    "THB": 0.028,
    "MYR": 0.21,
    "VND": 0.00004,
    "BRL": 0.18,
    "MXN": 0.055,
    "ARS": 0.001,
    "SEK": 0.095,
    "NOK": 0.093,
    "DKK": 0.145,
    "PLN": 0.25,
    "RUB": 0.011,
    "TRY": 0.029,
    "ZAR": 0.055,
}

#: How an amount in each currency is said (singular, plural); others are read with their code.
_SPOKEN: dict[str, tuple[str, str]] = {
    "USD": ("dollar", "dollars"),
    "BITS": ("bit", "bits"),
    "EUR": ("euro", "euros"),
    "GBP": ("pound", "pounds"),
    "CAD": ("Canadian dollar", "Canadian dollars"),
    "AUD": ("Australian dollar", "Australian dollars"),
    "NZD": ("New Zealand dollar", "New Zealand dollars"),
    "JPY": ("yen", "yen"),
    "CNY": ("yuan", "yuan"),
    "HKD": ("Hong Kong dollar", "Hong Kong dollars"),
    "TWD": ("New Taiwan dollar", "New Taiwan dollars"),
    "KRW": ("won", "won"),
    "SGD": ("Singapore dollar", "Singapore dollars"),
    "INR": ("rupee", "rupees"),
    "PHP": ("peso", "pesos"),
    "MXN": ("peso", "pesos"),
    "BRL": ("real", "reais"),
}

#: How an amount is said in a Chinese read-out ("30元", "3,000日元"); others: the English unit after a space.
_SPOKEN_ZH: dict[str, str] = {
    "CNY": "元",
    "USD": "美元",
    "JPY": "日元",
    "EUR": "欧元",
    "GBP": "英镑",
    "HKD": "港币",
    "TWD": "新台币",
    "KRW": "韩元",
    "SGD": "新加坡元",
    "CAD": "加元",
    "AUD": "澳元",
}

#: Said instead of a name that is not safe to read aloud.
ANONYMOUS = "A viewer"
ANONYMOUS_ZH = "一位观众"
#: The longest message read aloud (characters); a longer one is cut at a word.
MAX_READ_CHARS = 200


def currency_code(currency: str) -> str:
    """The table's key for a currency as platforms spell it ("usd", " bits " -> "USD", "BITS")."""
    return currency.strip().upper()


def usd_value(amount: float, currency: str) -> float:
    """What ``amount`` in ``currency`` is worth in US dollars (0 for a currency not in ``USD_PER_UNIT``)."""
    rate = USD_PER_UNIT.get(currency_code(currency), 0.0)
    return max(0.0, float(amount)) * rate


def spoken_amount(amount: float, currency: str) -> str:
    """'20 dollars', '1 euro', '4.99 dollars', '500 yen', '1,000 bits', '12 XYZ'."""
    code = currency_code(currency)
    value = max(0.0, float(amount))
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    one, many = _SPOKEN.get(code, (code or "", code or ""))
    unit = one if value == 1 else many
    return f"{number} {unit}".strip()


def chinese(text: str) -> bool:
    """Han characters are at least a third of the letters (the rule the voice picks Mandarin by)."""
    han, latin = cjk_ratio(text)
    return bool(han) and han * 3 >= latin


def safe_name(name: str) -> bool:
    """A name may be read aloud: no slur in any spelling, no insult (triage's rule for comments)."""
    return not name or (find_slur(name) is None and not has_abuse(normalize(name)))


def safe_text(text: str) -> bool:
    """A paid message's text may be read aloud: screening finds no spam, abuse or injection in it."""
    return not screen(text).unsafe


def _clip(text: str, limit: int = MAX_READ_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",;:") + "..."


def read_out(event: Superchat) -> str:
    """The line that opens the answer to a paid message: who sent how much, then what they wrote (or
    thanks, when there is no text or it is not safe to read)."""
    name = event.user.name.strip()  # never the id: an account id is not a name to say aloud
    named = bool(name) and safe_name(name)
    text = _clip(event.text.strip())
    readable = bool(text) and safe_text(text)
    if readable and chinese(text):  # a Chinese message gets a Chinese line: one voice reads all of it
        code = currency_code(event.currency)
        amount = spoken_amount(event.amount, code).replace(",", "")  # "3000日元": no thousands comma
        if code in _SPOKEN_ZH:
            amount = spoken_amount(event.amount, "").replace(",", "") + _SPOKEN_ZH[code]
        end = "" if text[-1] in ".!?。！？…" else "。"
        return f"{name if named else ANONYMOUS_ZH}送了{amount}的醒目留言：{text}{end}"
    sent = f"{name if named else ANONYMOUS} sent {spoken_amount(event.amount, event.currency)}"
    if readable:
        end = "" if text[-1] in ".!?。！？…" else "."
        return f"{sent}: {text}{end}"
    return f"{sent}, thank you!"
