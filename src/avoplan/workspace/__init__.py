"""The one way into a portfolio: find it, open it (whole, with the cache, or one item at a
time), gather what a decision needs, and record an outcome (minimal edit, atomic write,
optional commit). Every command gets what it needs from a Workspace; no command reads
portfolio files, or imports another command, on its own.

A Workspace (`folder`) holds five parts on one folder and forwards each method to its
part: `items` (one file or item at a time, the organisation over time, the federation as
reading needs it), `checking` (the whole portfolio read and checked), `writing` (deciding
and recording, under the lock), `history` (what git says: verify, signers, decisions in the
members' histories) and `federation` (syncing the members, similar needs across them).
"""
