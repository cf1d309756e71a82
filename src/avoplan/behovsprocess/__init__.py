"""Behovsprocessen (R1–R12) as pure functions: the steps and their moves (`steg`), what
each step must document (`innehall`), who holds the mandate (`mandat`), the one judge of
a decision (`beslut`, asked by `advance` before writing and by `check` for every recorded
decision) and the project that BP4 hands a need over to (`overlamning`)."""
