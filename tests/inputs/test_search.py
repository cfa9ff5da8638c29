"""Full-text search in four languages, on whichever backend the suite runs (SQLite FTS5 with
`make test`, PostgreSQL full-text with `make test-postgres`)."""
import pytest

from eventhub.extensions import db
from eventhub.inputs.search import fold, search_inputs


def test_fold_removes_accents_and_normalises_arabic():
    assert fold("Démocratie, PROTECCIÓN") == "democratie, proteccion"
    # tashkeel, tatweel and hamza forms of alef disappear
    assert fold("الدِّيمُقْرَاطِيَّة") == fold("الديمقراطيه")
    assert fold("أمن") == fold("امن") == fold("إمن") == fold("آمن")
    assert fold("البرلمـــان") == "البرلمان"
    assert fold("مستشفى") == fold("مستشفي")


@pytest.fixture
def corpus(make_input):
    return {
        "fr": make_input(title="La démocratie numérique", language="fr", country="FR", objectives=(1,),
                         text="Les parlements protègent la démocratie contre la cybercriminalité."),
        "ar": make_input(title="حماية البنى التحتية", language="ar", country="EG", objectives=(3,),
                         text="يجب أن تعترف الاتفاقية بالبرلمانات بوصفها من البنى التحتية الحيوية."),
        "ar_vowelled": make_input(title="رأي", language="ar", country="JO", objectives=(2,),
                                  text="الدِّيمُقْرَاطِيَّة تحتاج إلى فضاء إلكتروني آمِن."),
        "es": make_input(title="Protección de datos", language="es", country="MX", objectives=(3,),
                         text="La protección de la ciudadanía es esencial.", status="included"),
        "en": make_input(title="Hospitals", language="en", country="GB", objectives=(1, 3),
                         text="Ransomware against hospitals and <script>alert(1)</script>."),
    }


def found(event, query, **filters):
    return {i.id for i in search_inputs(event, query, **filters).items}


def test_french_word_found_with_and_without_accents(demo_event, corpus):
    assert found(demo_event, "démocratie") == {corpus["fr"].id}
    assert found(demo_event, "democratie") == {corpus["fr"].id}
    assert found(demo_event, "DEMOCRATIE protegent") == {corpus["fr"].id}
    assert found(demo_event, "protección") == found(demo_event, "proteccion") == {corpus["es"].id}


def test_arabic_word_found_with_or_without_marks(demo_event, corpus):
    assert found(demo_event, "بالبرلمانات") == {corpus["ar"].id}
    assert found(demo_event, "الحيوية") == {corpus["ar"].id}
    assert found(demo_event, "الحيويه") == {corpus["ar"].id}  # teh marbuta typed as heh
    # Text written with full vowels is found by a query without them, and the other way round.
    assert found(demo_event, "الديمقراطية") == {corpus["ar_vowelled"].id}
    assert found(demo_event, "آمن") == found(demo_event, "امن") == {corpus["ar_vowelled"].id}
    assert found(demo_event, "الدِّيمُقْرَاطِيَّة") == {corpus["ar_vowelled"].id}


def test_words_match_as_prefixes_and_all_must_occur(demo_event, corpus):
    assert found(demo_event, "cybercrim") == {corpus["fr"].id}
    assert found(demo_event, "hospitals ransomware") == {corpus["en"].id}
    assert found(demo_event, "hospitals démocratie") == set()


def test_punctuation_and_operators_in_queries_are_harmless(demo_event, corpus):
    assert found(demo_event, '"script" * ( - ^') == {corpus["en"].id}
    assert found(demo_event, "script OR démocratie") == set()  # OR is a word, not an operator
    assert found(demo_event, "' ; DROP TABLE parliamentary_inputs; --") == set()
    assert found(demo_event, "   ") == {i.id for i in corpus.values()}


def test_filters_combine_with_text(demo_event, corpus):
    assert found(demo_event, "", objective=3) == {corpus["ar"].id, corpus["es"].id, corpus["en"].id}
    assert found(demo_event, "", objective=3, language="ar") == {corpus["ar"].id}
    assert found(demo_event, "", country="mx") == {corpus["es"].id}
    assert found(demo_event, "", status="included") == {corpus["es"].id}
    assert found(demo_event, "protection", objective=1) == set()


def test_index_follows_edits_and_deletes(demo_event, corpus):
    from eventhub.inputs.operations import set_review_details

    corpus["en"].text = "Nothing about clinics any more."
    db.session.commit()
    assert found(demo_event, "ransomware") == set()
    assert found(demo_event, "clinics") == {corpus["en"].id}
    set_review_details(corpus["ar"], "Parliaments as critical infrastructure", [])
    assert found(demo_event, "infrastructure critical") == {corpus["ar"].id}
    db.session.delete(corpus["fr"])
    db.session.commit()
    assert found(demo_event, "democratie") == set()


def test_paging(demo_event, make_input):
    for n in range(5):
        make_input(title=f"Paged {n}", text="common word")
    first = search_inputs(demo_event, "common", per_page=2)
    assert first.total == 5 and len(first.items) == 2 and first.has_next
    last = search_inputs(demo_event, "common", per_page=2, page=3)
    assert len(last.items) == 1 and not last.has_next
    seen = {i.id for p in (1, 2, 3) for i in search_inputs(demo_event, "common", per_page=2, page=p).items}
    assert len(seen) == 5


def test_full_text_index_is_the_backend_one(app, demo_event, corpus):
    """The search runs through the backend's index, not a fallback scan."""
    import sqlalchemy as sa

    dialect = db.engine.dialect.name
    with db.engine.connect() as connection:
        if dialect == "sqlite":
            rows = connection.execute(sa.text(
                "SELECT rowid FROM fts_parliamentary_inputs WHERE fts_parliamentary_inputs MATCH 'democratie'"
            )).scalars().all()
            assert rows == [corpus["fr"].id]
        else:
            indexes = connection.execute(sa.text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'fts_ix_parliamentary_inputs_search'"
            )).scalars().all()
            assert indexes and "gin" in indexes[0] and "fts_search_vector" in indexes[0]


@pytest.fixture
def arabic_corpus(make_input):
    return {
        "article": make_input(title="رأي", language="ar", country="EG", objectives=(1,),
                              text="تعزيز دور البرلمان في مكافحة الجرائم السيبرانية."),
        "wa_al": make_input(title="مقترح", language="ar", country="JO", objectives=(1,),
                            text="حماية الحكومات والبرلمانات من الهجمات."),
        "bi": make_input(title="ملاحظة", language="ar", country="MA", objectives=(1,),
                         text="يتعلق الأمر بمجلس النواب وفمجلس الشيوخ."),
        "vowelled": make_input(title="تعليق", language="ar", country="TN", objectives=(1,),
                               text="لِلْبَرْلَمَانِيِّين دورٌ في الدِّيمُقْرَاطِيَّةِ."),
        "other": make_input(title="نص آخر", language="ar", country="LB", objectives=(1,),
                            text="التعاون الدولي ضروري."),
    }


def test_bare_arabic_word_finds_it_with_attached_prefixes_and_suffixes(demo_event, arabic_corpus):
    c = arabic_corpus
    # article ال, conjunction و + article, suffix ات, ين, ي
    assert found(demo_event, "برلمان") == {c["article"].id, c["wa_al"].id, c["vowelled"].id}
    # the preposition ب and the conjunction ف attached without an article
    assert found(demo_event, "مجلس") == {c["bi"].id}
    # the query may carry a prefix itself, marks, hamza and tatweel
    assert found(demo_event, "والبرلمان") == found(demo_event, "البرلمـــان") == found(demo_event, "برلمان")
    assert found(demo_event, "ديمقراطية") == {c["vowelled"].id}
    assert found(demo_event, "الحكومة") == {c["wa_al"].id}  # the singular finds the plural (حكومات)
    # a word the texts do not contain finds nothing
    assert found(demo_event, "مستشفى") == set()


def test_exact_phrase_in_quotes_matches_words_in_order(demo_event, corpus, arabic_corpus):
    assert found(demo_event, '"contre la cybercriminalité"') == {corpus["fr"].id}
    assert found(demo_event, '"la contre"') == set()
    assert found(demo_event, '"مجلس النواب"') == set()  # text has بمجلس: the phrase is exact
    assert found(demo_event, '"بمجلس النواب"') == {arabic_corpus["bi"].id}
    assert found(demo_event, '«la protección»') == {corpus["es"].id}


def test_stems_in_english_french_spanish(demo_event, corpus):
    assert found(demo_event, "parlement") == {corpus["fr"].id}  # text has "parlements"
    assert found(demo_event, "hospital") == {corpus["en"].id}
    assert found(demo_event, "protecciones") == {corpus["es"].id}


def test_authors_parliaments_and_countries_are_searchable(demo_event, make_input):
    input_ = make_input(title="Seguridad", language="es", country="MX", author_name="Lucía Pérez",
                        parliament="Cámara de Diputados", objectives=(1,))
    make_input(title="Other", language="en", country="GB", author_name="John Smith", objectives=(1,))
    assert found(demo_event, "lucia") == {input_.id}
    assert found(demo_event, "diputados") == {input_.id}
    assert found(demo_event, "Mexique") == found(demo_event, "المكسيك") == {input_.id}


@pytest.mark.parametrize("query", ["!!!", "«»", "\u064e\u064f\u0650", "ـــ", "-" * 5000, "؟،؛", '""', "*", "' OR 1=1 --"])
def test_odd_queries_never_fail_nor_match_everything(demo_event, corpus, query):
    result = search_inputs(demo_event, query)
    assert result.total < len(corpus)


def test_long_query_is_cut_not_refused(demo_event, corpus):
    assert search_inputs(demo_event, " ".join(["democratie"] * 500)).total == 1


def test_results_ranked_and_fragment_highlighted(demo_event, make_input):
    from eventhub.inputs.search import matching_fragment

    once = make_input(title="Une fois", language="fr", text="Le parlement agit.", objectives=(1,))
    often = make_input(title="Parlement", language="fr", objectives=(1,),
                       text="Le parlement, les parlements et les parlementaires: parlement encore.")
    assert [i.id for i in search_inputs(demo_event, "parlement").items] == [often.id, once.id]
    fragment = matching_fragment("Les travaux <b>du</b> Parlement national.", "parlement")
    assert str(fragment) == "Les travaux &lt;b&gt;du&lt;/b&gt; <mark>Parlement</mark> national."
    assert "<mark>بالبرلمانات</mark>" in str(matching_fragment("يجب الاعتراف بالبرلمانات.", "برلمان"))
    assert matching_fragment("Rien ici.", "parlement") is None
