"""gettext catalogs: PO parsing and writing, .mo files, format checkers, check, merge, UI and article catalogs."""
