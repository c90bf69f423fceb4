"""Language-aware text rules: language detection, sentence splitting, casing, dates."""
