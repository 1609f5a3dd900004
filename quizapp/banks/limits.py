"""Limits on what a bank file may be (shared by the reader and the cache of loaded banks)."""

MAX_FILE_BYTES = 8 * 1024 * 1024
