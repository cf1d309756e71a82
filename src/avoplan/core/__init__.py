"""The base every layer may use: errors, findings, small text helpers and the
rulebook (every rule of RULES.md declared once)."""
