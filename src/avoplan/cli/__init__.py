"""The terminal: the console script's entry, the fast path of a warm check, the typer
app, Swedish help and usage errors, and everything printed (console, findings, diffs)."""
