"""The one way into a portfolio: find it, open it (whole, with the cache, or one item at a
time), gather what a decision needs, and record an outcome (minimal edit, atomic write,
optional commit). Every command gets what it needs from a Workspace; no command reads
portfolio files, or imports another command, on its own.

A Workspace is four concerns on one folder: `core` (finding, reading, the organisation
over time, what check needs of the federation, the lock), `history` (what git says:
verify, signers, decisions in the members' histories), `writing` (deciding and recording)
and `federation` (syncing the members, similar needs across them).
"""
