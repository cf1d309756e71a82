"""Money and benefit: the schablon cost estimate (R20), the pm3 budget (R26) and
effekthemtagning, realised against estimated benefit (R15, R22)."""
