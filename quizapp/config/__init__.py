"""User settings: a TOML file in the config folder, per-bank overrides, their limits.

Domain code (no textual). `load_config` never raises for what the file holds: the problems
come back as one line each and the defaults apply.
"""

from __future__ import annotations

from quizapp.config.file import (  # noqa: F401 - the package's API, re-exported
    Config,
    load_config,
    set_setting,
    settings_path,
    unset_setting,
)
from quizapp.config.keys import KEYS, BadValue, parse_value, value_text  # noqa: F401 - the package's API, re-exported
