"""What each LaTeX math command stands for in Unicode, and how it behaves in spacing.

Classes follow TeX's atom types, simplified: `ord` (letters, symbols), `bin` (binary operators,
spaced), `rel` (relations, spaced), `op` (large operators such as ∑, and function names such
as log: a space before a following letter), `open`/`close` (brackets), `punct` (comma and
semicolon: a space after).

The characters follow the `unicode-math` package where it has one, so a reader who knows the
LaTeX sees the glyph they expect (\\phi is ϕ, \\varphi is φ).
"""

from __future__ import annotations

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "varkappa": "ϰ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π",
    "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Alpha": "Α", "Beta": "Β", "Gamma": "Γ", "Delta": "Δ", "Epsilon": "Ε", "Zeta": "Ζ",
    "Eta": "Η", "Theta": "Θ", "Iota": "Ι", "Kappa": "Κ", "Lambda": "Λ", "Mu": "Μ", "Nu": "Ν",
    "Xi": "Ξ", "Omicron": "Ο", "Pi": "Π", "Rho": "Ρ", "Sigma": "Σ", "Tau": "Τ",
    "Upsilon": "Υ", "Phi": "Φ", "Chi": "Χ", "Psi": "Ψ", "Omega": "Ω",
    "varGamma": "Γ", "varDelta": "Δ", "varTheta": "Θ", "varLambda": "Λ", "varXi": "Ξ",
    "varPi": "Π", "varSigma": "Σ", "varUpsilon": "Υ", "varPhi": "Φ", "varPsi": "Ψ",
    "varOmega": "Ω", "digamma": "ϝ",
}

ORD = {
    "infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ℏ", "hslash": "ℏ",
    "emptyset": "∅", "varnothing": "∅", "forall": "∀", "exists": "∃", "nexists": "∄",
    "neg": "¬", "lnot": "¬", "angle": "∠", "prime": "′", "degree": "°", "Re": "ℜ", "Im": "ℑ",
    "aleph": "ℵ", "beth": "ℶ", "wp": "℘", "imath": "ı", "jmath": "ȷ", "top": "⊤", "bot": "⊥",
    "intercal": "⊺", "dagger": "†", "ddagger": "‡", "ldots": "…", "dots": "…", "cdots": "⋯",
    "dotsc": "…", "dotsb": "⋯", "dotsm": "⋯", "dotsi": "⋯", "dotso": "…",
    "vdots": "⋮", "ddots": "⋱", "checkmark": "✓", "triangle": "△", "square": "□",
    "Box": "□", "blacksquare": "■", "diamondsuit": "♢", "heartsuit": "♡", "clubsuit": "♣",
    "spadesuit": "♠", "flat": "♭", "sharp": "♯", "natural": "♮", "surd": "√", "backslash": "\\",
    "vert": "|", "Vert": "‖", "|": "‖", "mho": "℧", "eth": "ð", "complement": "∁",
    "infin": "∞", "S": "§", "P": "¶", "copyright": "©", "pounds": "£", "euro": "€",
    "%": "%", "$": "$", "#": "#", "&": "&", "_": "_", "textbackslash": "\\",
    "lbrace": "{", "rbrace": "}", "textasciitilde": "~", "textasciicircum": "^",
}

BIN = {
    "pm": "±", "mp": "∓", "times": "×", "div": "÷", "cdot": "·", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "∙", "oplus": "⊕", "ominus": "⊖", "otimes": "⊗", "odot": "⊙",
    "oslash": "⊘", "cup": "∪", "cap": "∩", "sqcup": "⊔", "sqcap": "⊓", "wedge": "∧",
    "land": "∧", "vee": "∨", "lor": "∨", "setminus": "∖", "smallsetminus": "∖", "diamond": "⋄",
    "uplus": "⊎", "amalg": "⨿", "wr": "≀", "bigcirc": "◯", "triangleleft": "◁",
    "triangleright": "▷", "dotplus": "∔", "ltimes": "⋉", "rtimes": "⋊", "centerdot": "·",
    "boxplus": "⊞", "boxtimes": "⊠", "boxdot": "⊡", "circledast": "⊛", "bmod": "mod",
}

REL = {
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "in": "∈",
    "notin": "∉", "ni": "∋", "owns": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "supseteq": "⊇", "subsetneq": "⊊", "supsetneq": "⊋", "sqsubseteq": "⊑", "sqsupseteq": "⊒",
    "ll": "≪", "gg": "≫", "lll": "⋘", "ggg": "⋙", "prec": "≺", "succ": "≻", "preceq": "⪯",
    "succeq": "⪰", "leqslant": "⩽", "geqslant": "⩾", "leqq": "≦", "geqq": "≧",
    "lesssim": "≲", "gtrsim": "≳", "models": "⊨", "vdash": "⊢", "dashv": "⊣", "parallel": "∥",
    "nparallel": "∦", "perp": "⊥", "mid": "|", "nmid": "∤", "asymp": "≍", "doteq": "≐",
    "triangleq": "≜", "coloneqq": "≔", "eqqcolon": "≕", "coloneq": "≔", "approxeq": "≊",
    "bowtie": "⋈", "smile": "⌣", "frown": "⌢", "nsim": "≁", "ncong": "≇", "nleq": "≰",
    "ngeq": "≱", "nless": "≮", "ngtr": "≯", "nsubseteq": "⊈", "nsupseteq": "⊉",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "iff": "⇔", "implies": "⇒",
    "impliedby": "⇐", "mapsto": "↦", "longmapsto": "⟼", "longrightarrow": "⟶",
    "longleftarrow": "⟵", "longleftrightarrow": "⟷", "Longrightarrow": "⟹",
    "Longleftarrow": "⟸", "Longleftrightarrow": "⟺", "uparrow": "↑", "downarrow": "↓",
    "updownarrow": "↕", "Uparrow": "⇑", "Downarrow": "⇓", "nearrow": "↗", "searrow": "↘",
    "swarrow": "↙", "nwarrow": "↖", "hookrightarrow": "↪", "hookleftarrow": "↩",
    "rightleftharpoons": "⇌", "leftrightarrows": "⇆", "rightharpoonup": "⇀",
    "leadsto": "⇝", "twoheadrightarrow": "↠", "rightrightarrows": "⇉", "colon": ":",
    "therefore": "∴", "because": "∵", "lessgtr": "≶", "gtrless": "≷", "sqsubset": "⊏",
    "sqsupset": "⊐", "vDash": "⊨", "Vdash": "⊩", "multimap": "⊸", "eqsim": "≂",
}

LARGE_OPS = {
    "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "iiint": "∭",
    "oint": "∮", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂",
    "bigodot": "⨀", "bigvee": "⋁", "bigwedge": "⋀", "bigsqcup": "⨆", "biguplus": "⨄",
}

# Named functions set upright, with a space before a following letter: "log x", "arg min".
FUNCTIONS = {
    name: name
    for name in (
        "arccos arcsin arctan arg cos cosh cot coth csc deg det dim exp gcd hom inf ker lg "
        "lim liminf limsup ln log max min Pr sec sin sinh sup tan tanh argmax argmin"
    ).split()
}
FUNCTIONS.update({"liminf": "lim inf", "limsup": "lim sup", "injlim": "inj lim",
                  "projlim": "proj lim", "varliminf": "lim inf", "varlimsup": "lim sup"})

# Brackets, as used after \left, \right, \big… or on their own.
DELIMITERS = {
    "(": "(", ")": ")", "[": "[", "]": "]", "\\{": "{", "\\}": "}", "\\lbrace": "{",
    "\\rbrace": "}", "\\lbrack": "[", "\\rbrack": "]", "\\langle": "⟨", "\\rangle": "⟩",
    "<": "⟨", ">": "⟩", "|": "|", "\\|": "‖", "\\vert": "|", "\\Vert": "‖", "\\lvert": "|",
    "\\rvert": "|", "\\lVert": "‖", "\\rVert": "‖", "\\lfloor": "⌊", "\\rfloor": "⌋",
    "\\lceil": "⌈", "\\rceil": "⌉", "/": "/", "\\backslash": "\\", ".": "",
    "\\uparrow": "↑", "\\downarrow": "↓", "\\updownarrow": "↕", "\\ulcorner": "⌜",
    "\\urcorner": "⌝", "\\llcorner": "⌞", "\\lrcorner": "⌟", "\\lgroup": "(", "\\rgroup": ")",
    "\\lmoustache": "⎰", "\\rmoustache": "⎱",
}
OPENING = {"(", "[", "{", "⟨", "⌊", "⌈", "⌜", "⌞"}
CLOSING = {")", "]", "}", "⟩", "⌋", "⌉", "⌝", "⌟"}
# Commands that only size the delimiter after them.
SIZERS = {
    f"{size}{side}"
    for size in ("big", "Big", "bigg", "Bigg")
    for side in ("", "l", "r", "m")
}

# Accents: combining marks put on the character(s) of their argument.
ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "check": "\u030c", "widecheck": "\u030c",
    "tilde": "\u0303", "widetilde": "\u0303", "bar": "\u0304", "overline": "\u0305",
    "underline": "\u0332", "vec": "\u20d7", "overrightarrow": "\u20d7",
    "overleftarrow": "\u20d6", "dot": "\u0307", "ddot": "\u0308", "dddot": "\u20db",
    "acute": "\u0301", "grave": "\u0300", "breve": "\u0306", "mathring": "\u030a",
    "underbar": "\u0332", "utilde": "\u0330", "overleftrightarrow": "\u20e1",
}

# Explicit spaces, in terminal cells.
SPACES = {
    ",": 1, ":": 1, ";": 1, " ": 1, "!": 0, "quad": 2, "qquad": 4, "enspace": 1,
    "thinspace": 1, "medspace": 1, "thickspace": 1, "negthinspace": 0, "negmedspace": 0,
    "negthickspace": 0, "space": 1, "nobreakspace": 1,
}

# Commands that change nothing a terminal can show: dropped, their argument kept.
IGNORED = {
    "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits", "nolimits",
    "nonumber", "notag", "relax", "strut", "mathstrut", "allowbreak",
    "nobreak", "protect", "normalsize", "small", "large", "Large", "LARGE", "huge", "Huge",
    "tiny", "scriptsize", "footnotesize", "bf", "it", "rm", "sf", "tt", "cal", "boldmath",
    "unboldmath", "noindent", "centering", "hfill", "hfil", "vfill",
}
# Commands whose (braced) arguments are dropped along with them.
DROPPED_WITH_ARGS = {"label": 1, "vspace": 1, "color": 1, "ref": 1, "eqref": 1}
