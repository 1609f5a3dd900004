"""Character maps: math alphabets (𝐱, 𝔼, 𝒟, 𝔉), subscripts and superscripts.

Unicode has sub/superscript forms for only some characters; `to_subscript` and
`to_superscript` say when a whole string can be written with them, so the caller can fall
back to `_(…)` / `^(…)` instead of mixing raised and unraised characters.
"""

from __future__ import annotations

from functools import lru_cache

_LATIN_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LATIN_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_GREEK_UPPER = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡϴΣΤΥΦΧΨΩ"  # ϴ sits where the unassigned U+03A2 would be
_GREEK_LOWER = "αβγδεζηθικλμνξοπρςστυφχψω"
# After each Greek block the math alphabets carry these, in this order.
_GREEK_UPPER_TAIL = "∇"
_GREEK_LOWER_TAIL = "∂ϵϑϰϕϱϖ"

# Letters that Unicode had encoded before the math alphabets: the alphabet leaves a hole there.
_HOLES = {
    "bb": {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"},
    "cal": {"B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
            "e": "ℯ", "g": "ℊ", "o": "ℴ"},
    "frak": {"C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"},
}

# First code point of (upper, lower, digits, Greek upper, Greek lower); None: not in Unicode.
_STARTS: dict[str, tuple[int | None, ...]] = {
    "bold": (0x1D400, 0x1D41A, 0x1D7CE, 0x1D6A8, 0x1D6C2),
    "bb": (0x1D538, 0x1D552, 0x1D7D8, None, None),
    "cal": (0x1D49C, 0x1D4B6, None, None, None),
    "frak": (0x1D504, 0x1D51E, None, None, None),
    "sans": (0x1D5A0, 0x1D5BA, 0x1D7E2, None, None),
    "mono": (0x1D670, 0x1D68A, 0x1D7F6, None, None),
}


@lru_cache(maxsize=None)
def alphabet(style: str) -> dict[str, str]:
    """The character map of one math alphabet (`bold`, `bb`, `cal`, `frak`, `sans`, `mono`)."""
    starts = _STARTS.get(style)
    if starts is None:
        return {}
    table: dict[str, str] = {}
    sources = (
        _LATIN_UPPER,
        _LATIN_LOWER,
        _DIGITS,
        _GREEK_UPPER + _GREEK_UPPER_TAIL,
        _GREEK_LOWER + _GREEK_LOWER_TAIL,
    )
    for chars, start in zip(sources, starts):
        if start is not None:
            table.update((c, chr(start + i)) for i, c in enumerate(chars))
    table.update(_HOLES.get(style, {}))
    return table


SUBSCRIPTS = dict(
    zip(
        "0123456789+-−=()aehijklmnoprstuvxəβγρφϕχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓₔᵦᵧᵨᵩᵩᵪ",
    )
)
SUPERSCRIPTS = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεϵθιφϕχ⊤⊺",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᵋᶿᶥᵠᵠᵡᵀᵀ",
    )
)
# Marks that already sit high: x*, x′, x† are read as superscripts as they stand.
_ALREADY_RAISED = {"′": "′", "″": "″", "‴": "‴", "*": "*", "∗": "*", "†": "†", "‡": "‡",
                   "∘": "°", "°": "°", "⋆": "⋆"}


RAISED = frozenset(SUPERSCRIPTS.values())
LOWERED = frozenset(SUBSCRIPTS.values())


def to_subscript(text: str) -> str | None:
    """`text` in subscript characters, or None when one of them has no subscript form."""
    out = []
    for c in text:
        mapped = SUBSCRIPTS.get(c)
        if mapped is None:
            return None
        out.append(mapped)
    return "".join(out)


def to_superscript(text: str) -> str | None:
    """`text` in superscript characters, or None when one of them has no superscript form."""
    out = []
    for c in text:
        mapped = SUPERSCRIPTS.get(c) or _ALREADY_RAISED.get(c)
        if mapped is None:
            return None
        out.append(mapped)
    return "".join(out)
