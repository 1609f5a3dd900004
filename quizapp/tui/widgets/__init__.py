"""Reusable pieces of the screens: a card, feedback, grade keys, code, charts, status lines."""
