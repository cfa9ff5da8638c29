"""What the search index holds for an input (its ``search_text`` column, filled by the
model on every insert and update): built from ``folding`` and country names, imports
neither the model nor search (one direction: models -> indexing -> folding)."""
from __future__ import annotations

from .folding import index_stems, words


def people_text(input_) -> str:
    """Who filed an input, for the index: author, function, parliament (with the names staff
    entered in other languages), chamber and the country's name in the four languages."""
    from .countries import country_name  # (countries -> folding: no cycle)

    parts = [input_.author_name, input_.author_function, input_.parliament, input_.chamber]
    parts += list((input_.parliament_translations or {}).values())
    if input_.country:
        parts += [country_name(input_.country, lang) for lang in ("en", "fr", "es", "ar")]
    return " ".join(part for part in parts if part)


def searchable_text(*parts: str | None, people: str = "", language: str = "") -> str:
    """What the index holds for an input: its folded words in order (phrases match them),
    then the people's words, then the stems of all of them that differ from the words."""
    text_words = [word for part in parts if part for word in words(part)]
    people_words = words(people)
    stems: list[str] = []
    seen = set(text_words) | set(people_words)
    for word in text_words + people_words:
        for stem in sorted(index_stems(word, language)):
            if stem and stem not in seen:
                seen.add(stem)
                stems.append(stem)
    return " ".join(text_words + people_words + stems)
