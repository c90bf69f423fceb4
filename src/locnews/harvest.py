"""`tm import`: the reviewed pairs of article catalogs, ready for the translation memory.

A pipeline step: it reads article catalogs (catalogs package) for the memory (mt package), so
neither of those packages needs the other.
"""

from __future__ import annotations

from pathlib import Path

from locnews.errors import LocnewsError


def catalog_files(paths: list[Path]) -> list[Path]:
    """Article catalogs among ``paths`` (.po files, or folders searched for */articles/*.po)."""
    if not paths:
        from locnews.paths import project_locales_dir

        paths = [project_locales_dir()]
    from locnews.fileio import expand_paths

    # a folder: locales/, locales/en/ or locales/en/articles/ itself
    return expand_paths(paths, lambda f: f.parent.name == "articles",
                        none_found="no article catalogs (*/articles/*.po) in this folder", missing="no such catalog")


def reviewed_rows(paths: list[Path]) -> tuple[list[tuple[str, str, str, str, str]], int]:
    """(source, target, src_lang, tgt_lang, origin) of every reviewed entry; all files parsed first."""
    from locnews.catalogs.articles import article_slug, read_catalog, reviewed_pairs

    files = catalog_files(paths)
    rows = []
    for f in files:
        po = read_catalog(f)
        tgt = (po.metadata.get("Language") or f.parent.parent.name).strip()
        src = (po.metadata.get("X-Source-Language") or "").strip() or {"id": "en", "en": "id"}.get(tgt, "")
        if not src or not tgt:
            raise LocnewsError("catalog does not say its languages (Language / X-Source-Language)", f)
        slug = po.metadata.get("X-Locnews-Article") or article_slug(f)
        origin = f"{tgt}/articles/{slug}.po"
        rows.extend((s, t, src, tgt, origin) for _, s, t in reviewed_pairs(po))
    return rows, len(files)
