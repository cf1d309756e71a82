"""avoplan: ÄVO:s digitaliseringsportfölj som kod."""

try:  # written by hatch_build.py into every build and editable install
    from avoplan._version import COMMIT, VERSION
except ImportError:  # a source tree that was never built or installed
    VERSION, COMMIT = "0+okänd", ""

__version__ = VERSION
__all__ = ["COMMIT", "SHORT_LIVED", "VERSION", "__version__"]

# True in the console script's process (set by `start`), which ends after one command;
# False where avoplan is imported into a longer-lived process, such as the tests.
SHORT_LIVED = False
