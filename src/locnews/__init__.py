"""locnews: offline localization toolkit for Indonesian/English news sites.

Kept import-free on purpose: `locnews --help` must not pay for the translation stack.
"""

__version__ = "0.1.0"
