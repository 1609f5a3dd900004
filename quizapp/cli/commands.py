"""The subcommands of `quizapp`, each a module of this package imported only when used."""

from __future__ import annotations

# command name -> module in quizapp.cli holding a click command called `command`
COMMANDS: dict[str, str] = {
    "import": "import_",
    "export": "export",
    "study": "study",
    "exam": "exam",
    "lint": "lint",
    "check": "check",
    "trust": "trust",
    "stats": "stats",
    "plan": "plan",
    "optimize": "optimize",
    "paths": "paths",
    "item-stats": "item_stats",
    "preview": "preview",
    "new": "new",
    "config": "config",
    "cards": "cards",
}
