"""User settings: a TOML file in the config folder, per-bank overrides, their limits.

Domain code (no textual). `load_config` never raises for what the file holds: the problems
come back as one line each and the defaults apply.
"""

from __future__ import annotations

# The package's API, re-exported (`X as X`: explicitly, so no linter calls them unused).
from quizapp.config.file import Config as Config
from quizapp.config.file import load_config as load_config
from quizapp.config.file import set_setting as set_setting
from quizapp.config.file import settings_path as settings_path
from quizapp.config.file import unset_setting as unset_setting
from quizapp.config.keys import KEYS as KEYS
from quizapp.config.keys import BadValue as BadValue
from quizapp.config.keys import parse_value as parse_value
from quizapp.config.keys import value_text as value_text
