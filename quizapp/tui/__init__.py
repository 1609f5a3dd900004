"""The Textual app. Screens ask `quizapp.study` what to show and report what the user did.

Build the app with `quizapp.tui.app.build_app` (the CLI and the tests both do).
"""
