"""avoplan: ÄVO:s digitaliseringsportfölj som kod."""

__version__ = "0.1.0"
