"""avoplan: ÄVO:s digitaliseringsportfölj som kod."""

__version__ = "0.1.0"

# True in the console script's process (set by `start`), which ends after one command;
# False where avoplan is imported into a longer-lived process, such as the tests.
SHORT_LIVED = False
