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
``fts_search_vector`` with a GIN index (the ``simple``
configuration: no stemming, which would be wrong for three of the four languages, and no
dependency on the ``unaccent`` extension). Query words match as prefixes and must all occur.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Integer, func, literal_column, select, text

from eventhub.extensions import db

from .models import InputTag, ParliamentaryInput, input_objectives

#: Objects created with raw DDL for search; autogenerate must leave them alone.
FTS_TABLE = "fts_parliamentary_inputs"
PG_INDEX = "fts_ix_parliamentary_inputs_search"
PG_VECTOR = "fts_search_vector"

_TATWEEL = "\u0640"
_ARABIC_LETTER_MAP = str.maketrans({
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u0649": "\u064a",  # alef maqsura -> yeh
    "\u0629": "\u0647",  # teh marbuta -> heh
    _TATWEEL: None,
})
_WORD = re.compile(r"[^\W_]+")


def fold(value: str) -> str:
    """Lower-case ``value`` without diacritics, with Arabic spelling variants unified."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    # Mn covers Latin accents, Arabic harakat (fatha, damma, kasra, shadda, sukun, tanwin),
    # the superscript alef and the hamza/madda marks that NFKD splits off alef, waw and yeh.
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).translate(_ARABIC_LETTER_MAP).casefold()


def words(value: str) -> list[str]:
    return _WORD.findall(fold(value))


def searchable_text(*parts: str | None) -> str:
    """What the index holds for an input: its folded words, space-separated."""
    return " ".join(word for part in parts if part for word in words(part))


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


def _text_condition(query_words: list[str]):
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        # Each word a quoted prefix term; FTS5 joins terms with AND. Words hold only
        # letters and digits, so quoting cannot be broken out of.
        match = " ".join(f'"{word}"*' for word in query_words)
        matching_ids = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match")
        return ParliamentaryInput.id.in_(matching_ids.bindparams(match=match).columns(rowid=Integer))
    if dialect == "postgresql":
        tsquery = " & ".join(f"'{word}':*" for word in query_words)
        # fts_search_vector is a generated column, to_tsvector('simple', search_text),
        # created by the migration with its GIN index; no model maps it.
        vector = literal_column(f"{ParliamentaryInput.__tablename__}.{PG_VECTOR}")
        return vector.op("@@")(func.to_tsquery(literal_column("'simple'::regconfig"), tsquery))
    # Any other backend: substring match on the folded column (slow but correct).
    return db.and_(*(ParliamentaryInput.search_text.contains(word) for word in query_words))


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
    """Inputs of ``event`` matching every given filter and every word of ``query``,
    newest first. ``objective`` is the objective's number; ``status`` one or several."""
    conditions = [ParliamentaryInput.event_id == event.id]
    query_words = words(query or "")
    if query_words:
        conditions.append(_text_condition(query_words))
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
    total = db.session.execute(
        select(func.count()).select_from(ParliamentaryInput).where(*conditions)
    ).scalar_one()
    items = list(db.session.execute(
        select(ParliamentaryInput).where(*conditions)
        .order_by(ParliamentaryInput.created_at.desc(), ParliamentaryInput.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).scalars())
    return SearchResult(total=total, items=items, page=page, per_page=per_page)
