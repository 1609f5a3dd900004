"""Start-up on the user's real path: a command typed into a terminal until the first card shows.

`bench/startup.py` times `build_app` headless. This one types the console script into a real
terminal (tmux, 80×24) — `quizapp --db DB study --mode today`, as a user does — and polls the
screen (`tmux capture-pane`, every 10 ms) until the first card's text is on it. A bare Textual
app (one Markdown + Footer) is typed and timed the same way. Starts are interleaved, so the
noise of a shared machine hits both alike; each start is quit with ctrl+q and the shell prompt
awaited before the next.

    python bench/startup_tty.py [--quick] [--runs N]

Last line: {"bench": "startup_tty", "bare_s": …, "quizapp_s": …, "ratio": …}  (goal: ratio ≤ 1.3
on the medians)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POLL_S = 0.010
SOCKET = f"quizapp-bench-{os.getpid()}"  # a tmux server of our own: nobody else's sessions
PROMPT = "BENCH-READY$"

BARE_APP = '''
from textual.app import App
from textual.widgets import Footer, Markdown


class Bare(App):
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self):
        yield Markdown("# A card\\n\\nWhat is the *receptive field* of a unit in a CNN?\\n\\n- one\\n- two")
        yield Footer()


Bare().run()
'''


def tmux(*args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True,
                          env=env).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", "bench")


def wait_for(condition, timeout: float = 60.0, what: str = "") -> float:  # noqa: ANN001
    """Poll the screen every 10 ms until ``condition(text)``; returns when it held."""
    deadline = time.perf_counter() + timeout
    while True:
        text = screen()
        now = time.perf_counter()
        if condition(text):
            return now
        if now > deadline:
            raise SystemExit(f"timed out waiting for {what}; the screen shows:\n{text}")
        time.sleep(POLL_S)


def at_prompt(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and lines[-1].strip() == PROMPT.strip()


def one_start(command: str, shown: str) -> float:
    """Seconds from typing ``command`` + enter until ``shown`` is on the screen."""
    tmux("send-keys", "-t", "bench", "clear", "Enter")
    wait_for(at_prompt, what="the shell prompt")
    started = time.perf_counter()
    tmux("send-keys", "-t", "bench", "-l", command)
    tmux("send-keys", "-t", "bench", "Enter")
    seen = wait_for(lambda text: shown in text, what=repr(shown))
    tmux("send-keys", "-t", "bench", "C-q")
    wait_for(at_prompt, what="the app to quit")
    return seen - started


def first_card_text(db: Path, env: dict[str, str]) -> str:
    """Words the first card of `study --mode today` starts with (asked of the domain layer, in
    a child process with the bench's environment, before anything is timed)."""
    code = (
        "import sys, re\n"
        "from pathlib import Path\n"
        "from quizapp.study import StudySession, Workspace\n"
        "ws = Workspace.open(Path(sys.argv[1]))\n"
        "view = StudySession(ws, mode='today').current()\n"
        "words = re.match(r\"[A-Za-z][A-Za-z ,']{11,40}\", view.prompt.strip())\n"
        "print(words.group(0).rsplit(' ', 1)[0] if words else view.title)\n"
        "ws.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(db)], check=True, capture_output=True,
                         text=True, env=env).stdout
    return out.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer starts (about half a minute)")
    parser.add_argument("--runs", type=int, default=None, help="starts of each app (default 9, quick 5)")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 9)
    if shutil.which("tmux") is None:
        raise SystemExit("this bench needs tmux")
    script = Path(sys.executable).parent / "quizapp"  # the console script pip installed
    if not script.exists():
        raise SystemExit(f"no console script at {script}: pip install -e . first")

    home = Path(tempfile.mkdtemp(prefix="quizapp-bench-tty-"))
    env = {**os.environ, "QUIZAPP_HOME": str(home)}
    env.pop("QUIZAPP_DB", None)
    env.pop("TMUX", None)
    # A user's Python caches byte-code; this machine sets PYTHONDONTWRITEBYTECODE (see
    # bench/startup.py): cache it in a folder of the bench's own, as a user has.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    db = home / "progress.sqlite3"
    bare = home / "bare_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    quizapp_cmd = f"{script} --db {db} study --mode today"
    bare_cmd = f"{sys.executable} {bare}"

    tmux("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "80", "-y", "24",
         "bash --norc --noprofile", env=env)
    try:
        tmux("set-option", "-t", "bench", "status", "off")
        tmux("send-keys", "-t", "bench", f"PS1='{PROMPT} '", "Enter")  # bash ignores an inherited PS1
        wait_for(at_prompt, what="the shell")
        # The first start ever creates the DB (and byte-code caches); then both once untimed,
        # so the OS file cache is warm for both.
        print(f"first start ever (creates the DB): {one_start(quizapp_cmd, 'done ·'):.3f} s")
        shown = first_card_text(db, env)
        print(f"waiting for the first card's text: {shown!r}")
        one_start(bare_cmd, "What is the")
        one_start(quizapp_cmd, shown)
        bare_s, quiz_s = [], []
        for _ in range(runs):
            bare_s.append(one_start(bare_cmd, "What is the"))
            quiz_s.append(one_start(quizapp_cmd, shown))
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)

    b, q = statistics.median(bare_s), statistics.median(quiz_s)
    runs_of = lambda ts: ", ".join(f"{t:.3f}" for t in ts)  # noqa: E731
    print(f"bare Textual app (Markdown + Footer), typed: median {b:.3f} s  (runs: {runs_of(bare_s)})")
    print(f"quizapp study --mode today, typed:          median {q:.3f} s  (runs: {runs_of(quiz_s)})")
    print(f"ratio {q / b:.2f} (goal ≤ 1.3); fastest starts: bare {min(bare_s):.3f} s, "
          f"quizapp {min(quiz_s):.3f} s, ratio {min(quiz_s) / min(bare_s):.2f}")
    print(json.dumps({"bench": "startup_tty", "bare_s": round(b, 3), "quizapp_s": round(q, 3),
                      "ratio": round(q / b, 3), "runs": runs}))


if __name__ == "__main__":
    main()
