"""Building the localized site: page rendering, templates, Babel locale data."""
