"""Full-text search over inputs in English, French, Spanish and Arabic, behind one function.

Both backends index the same *folded* text (``search_text`` column), so that they agree:

- Latin diacritics are removed ("démocratie" -> "democratie", "protección" -> "proteccion"),
- Arabic is normalised: short vowels and other marks (tashkeel), the tatweel and the hamza
  carried on alef, waw and yeh are removed; alef wasla becomes a bare alef; alef maqsura
  becomes yeh and teh marbuta becomes heh (common spelling variants in typed Arabic),
- everything is case-folded.

SQLite indexes it in the FTS5 table ``fts_parliamentary_inputs`` (tokenizer
``unicode61 remove_diacritics 2``, kept in sync by triggers from the migration);
PostgreSQL stores ``to_tsvector('simple', search_text)`` in the generated column
``fts_search_vector`` with a GIN index (the ``simple`` configuration, no dependency on
the ``unaccent`` extension). Stemming is done here, the same way for the text and the
query on both backends: ``search_text`` holds the folded words, then the people's words
(author, function, parliament, chamber, country names), then the stems (Arabic light
stemming, Snowball for English, French and Spanish). A query word matches a word it is a
prefix of, or a word with the same stem; "quoted phrases" match the words in order; every
word and phrase must occur. Results are ranked (FTS5 bm25, PostgreSQL ts_rank_cd).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import Float, Integer, func, literal_column, select, text

from eventhub.extensions import db

from .folding import (  # noqa: F401  (part of this module's interface)
    SNOWBALL_LANGUAGES, arabic_index_stems, arabic_stem, fold, index_stems, is_arabic, latin_stems,
    query_stems, words,
)
from .indexing import people_text, searchable_text  # noqa: F401
from .models import InputTag, ParliamentaryInput, input_objectives

#: Objects created with raw DDL for search; autogenerate must leave them alone.
FTS_TABLE = "fts_parliamentary_inputs"
PG_INDEX = "fts_ix_parliamentary_inputs_search"
PG_VECTOR = "fts_search_vector"


#: A query: "exact phrases" in double quotes (straight or typographic) and single words.
_PHRASE = re.compile(r'["\u201c\u201d\u00ab\u00bb]([^"\u201c\u201d\u00ab\u00bb]*)["\u201c\u201d\u00ab\u00bb]')
#: At most this many words of a query are used (longer queries are cut, never refused).
MAX_QUERY_WORDS = 16


@dataclass
class ParsedQuery:
    words: list[str]  # folded single words: each matches as a prefix or by its stem
    phrases: list[list[str]]  # folded words of each quoted phrase, matched exactly in order

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def all_words(self) -> list[str]:
        return self.words + [word for phrase in self.phrases for word in phrase]


def parse_query(query: str) -> ParsedQuery:
    query = (query or "")[:1000]
    phrases = [words(match) for match in _PHRASE.findall(query)]
    phrases = [phrase for phrase in phrases if phrase]
    rest = words(_PHRASE.sub(" ", query))
    budget = MAX_QUERY_WORDS
    kept_phrases = []
    for phrase in phrases:
        if budget <= 0:
            break
        kept_phrases.append(phrase[:budget])
        budget -= len(kept_phrases[-1])
    return ParsedQuery(words=rest[:max(0, budget)], phrases=kept_phrases)


@dataclass
class SearchResult:
    total: int
    items: list[ParliamentaryInput]
    page: int
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _fts5_match(parsed: ParsedQuery) -> str:
    """FTS5 query: each word a prefix term OR one of its stems, each phrase exact; all
    joined by AND. Words hold only letters and digits, so quoting cannot be broken out of."""
    terms = []
    for word in parsed.words:
        options = [f'"{word}"*'] + [f'"{stem}"' for stem in sorted(query_stems(word)) if stem and stem != word]
        terms.append("(" + " OR ".join(options) + ")")
    terms += ['"' + " ".join(phrase) + '"' for phrase in parsed.phrases]
    return " AND ".join(terms)


def _tsquery(parsed: ParsedQuery) -> str:
    terms = []
    for word in parsed.words:
        options = [f"'{word}':*"] + [f"'{stem}'" for stem in sorted(query_stems(word)) if stem and stem != word]
        terms.append("(" + " | ".join(options) + ")")
    terms += ["(" + " <-> ".join(f"'{word}'" for word in phrase) + ")" for phrase in parsed.phrases]
    return " & ".join(terms)


def _text_match(parsed: ParsedQuery):
    """(condition, rank ordering, table to join or None) for the query on this backend."""
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        ranked = text(
            f"SELECT rowid AS input_id, rank AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match"
        ).bindparams(match=_fts5_match(parsed)).columns(input_id=Integer, score=Float).cte("ranked")
        # A materialised CTE: the MATCH runs once and the rows are looked up by id. As a plain
        # subquery SQLite flattens it and runs the MATCH once per row of the event (3.7 s
        # instead of 15 ms for a word in half of 2,000 inputs: bench/inputs_search.py).
        ranked = ranked.prefix_with("MATERIALIZED")
        return ParliamentaryInput.id == ranked.c.input_id, ranked.c.score.asc(), ranked
    if dialect == "postgresql":
        # fts_search_vector is a generated column, to_tsvector('simple', search_text),
        # created by the migration with its GIN index; no model maps it.
        vector = literal_column(f"{ParliamentaryInput.__tablename__}.{PG_VECTOR}")
        tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), _tsquery(parsed))
        return vector.op("@@")(tsquery), func.ts_rank_cd(vector, tsquery).desc(), None
    # Any other backend: substring match on the folded column (slow but correct).
    conditions = [ParliamentaryInput.search_text.contains(word) for word in parsed.words]
    conditions += [ParliamentaryInput.search_text.contains(" ".join(phrase)) for phrase in parsed.phrases]
    return db.and_(*conditions), None, None


# --- Highlighting ---------------------------------------------------------------------

#: A word as written, with its combining marks (harakat, accents) and tatweel.
_TEXT_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670])+")


def matching_fragment(text: str, query: str, *, width: int = 8) -> Markup | None:
    """About ``2 * width`` words of ``text`` around the first word the query matches
    (prefix or stem), that word in <mark>; escaped HTML. None when no word matches."""
    parsed = parse_query(query)
    if not parsed:
        return None
    wanted_prefixes = parsed.all_words
    wanted_stems = {stem for word in wanted_prefixes for stem in query_stems(word)}
    tokens = re.findall(r"\S+", text or "")
    for index, token in enumerate(tokens):
        for span in _TEXT_WORD.finditer(token):
            word = fold(span.group())
            if not word:
                continue
            stems = arabic_index_stems(word) if is_arabic(word) else latin_stems(word)
            if any(word.startswith(w) for w in wanted_prefixes) or stems & wanted_stems:
                before = " ".join(tokens[max(0, index - width):index])
                after = " ".join(tokens[index + 1:index + 1 + width])
                parts = []
                if index > width:
                    parts.append("… ")
                if before:
                    parts.append(escape(before) + " ")
                parts.append(escape(token[:span.start()]) + Markup("<mark>%s</mark>") % span.group()
                             + escape(token[span.end():]))
                if after:
                    parts.append(" " + escape(after))
                if index + 1 + width < len(tokens):
                    parts.append(" …")
                return Markup("").join(parts)
    return None


def search_inputs(
    event,
    query: str = "",
    *,
    objective: int | None = None,
    country: str | None = None,
    language: str | None = None,
    status: str | list[str] | None = None,
    tag: str | None = None,
    ids: list[int] | None = None,
    page: int = 1,
    per_page: int = 50,
) -> SearchResult:
    """Inputs of ``event`` matching every given filter and every word and "phrase" of
    ``query``; best matches first when there is a query, else newest first. ``objective`` is the objective's number; ``status`` one or several."""
    conditions = [ParliamentaryInput.event_id == event.id]
    parsed = parse_query(query or "")
    ranking = joined = None
    if parsed:
        condition, ranking, joined = _text_match(parsed)
        conditions.append(condition)
    elif (query or "").strip():
        # Only punctuation, marks or symbols: nothing to look for, so nothing is found
        # (rather than everything).
        conditions.append(db.false())
    if objective:
        conditions.append(ParliamentaryInput.id.in_(
            select(input_objectives.c.input_id).where(
                input_objectives.c.objective_id.in_(
                    [o.id for o in event.objectives if o.number == objective] or [-1]
                )
            )
        ))
    if country:
        conditions.append(ParliamentaryInput.country == country.upper())
    if language:
        conditions.append(ParliamentaryInput.language == language.lower())
    if status:
        statuses = [status] if isinstance(status, str) else list(status)
        conditions.append(ParliamentaryInput.status.in_(statuses))
    if tag:
        conditions.append(ParliamentaryInput.id.in_(
            select(InputTag.input_id).where(InputTag.name == tag.strip().lower())
        ))
    if ids is not None:
        conditions.append(ParliamentaryInput.id.in_(ids or [-1]))

    page = max(1, int(page or 1))
    sources = [ParliamentaryInput] + ([joined] if joined is not None else [])
    total = db.session.execute(
        select(func.count()).select_from(*sources).where(*conditions)
    ).scalar_one()
    items = list(db.session.execute(
        select(ParliamentaryInput).select_from(*sources).where(*conditions)
        .order_by(*([ranking] if ranking is not None else []),
                  ParliamentaryInput.created_at.desc(), ParliamentaryInput.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).scalars())
    return SearchResult(total=total, items=items, page=page, per_page=per_page)
