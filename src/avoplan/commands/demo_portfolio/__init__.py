"""`avoplan demo-portfolio`: the command, and the synthetic portfolio it writes (generator,
data, projekt). The generator is pure: it builds models, and the command writes them."""
