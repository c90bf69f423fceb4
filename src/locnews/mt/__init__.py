"""Machine translation: Argos packages and the CTranslate2 engine, masking, QA checks, glossary, translation memory."""
