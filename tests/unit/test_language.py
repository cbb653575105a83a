"""Language identification on invented news text: the model for documents, our date words for short
texts, a language without resources kept as its code, and no English default."""

from __future__ import annotations

from datetime import date

import pytest

from schemas import RawDoc
from tests.unit.records import raw_doc
from transforms.documents import build_document
from transforms.events import text_events
from transforms.language import MIN_LETTERS, UNDETERMINED, detect_language, document_language, identifier
from transforms.temporal import tag

DCT = date(2025, 6, 26)

SUPPORTED = [
    ("The mayor said that the bridge will open in the spring after a long delay.", "en"),
    ("Der Bürgermeister sagte, dass die Brücke mit dem Bau nicht fertig ist.", "de"),
    ("El alcalde dijo que la obra del puente fue aprobada por los vecinos.", "es"),
    ("Le maire a dit que les travaux du pont sont presque terminés dans la ville.", "fr"),
    ("Il sindaco ha detto che il ponte non è ancora pronto per la città.", "it"),
    ("O presidente da câmara disse que a ponte não foi aberta com os moradores.", "pt"),
    ("De burgemeester zei dat de brug nog niet klaar is en ook niet open gaat.", "nl"),
    ("Burmistrz powiedział, że most nie jest jeszcze gotowy, ale został otwarty.", "pl"),
    ("Мер сказав, що міст відкриють у червні, і всі їздитимуть.", "uk"),
    ("Мэр сказал, что мост откроют в июне, и все будут ездить.", "ru"),
    ("Міністр заявив, що уряд розгляне це питання і ухвалить рішення.", "uk"),
    ("Министр заявил, что правительство рассмотрит этот вопрос.", "ru"),
    ("Fishermen in the harbour town have complained for years about the quota rules.", "en"),
    ("Die Bauern im Tal klagen seit Jahren über die neuen Regeln für das Wasser.", "de"),
    ("Los pescadores del puerto llevan años quejándose de las cuotas de captura.", "es"),
    ("Les pêcheurs du port se plaignent depuis des années des quotas imposés par Bruxelles.", "fr"),
    ("I pescatori del porto si lamentano da anni delle quote imposte dal governo.", "it"),
    ("Os pescadores do porto queixam-se há anos das quotas impostas pelo governo.", "pt"),
    ("De vissers in de haven klagen al jaren over de quota die de regering oplegt.", "nl"),
    ("Rybacy z portu od lat skarżą się na limity połowowe narzucone przez rząd.", "pl"),
    ("Рибалки з порту роками скаржаться на квоти, які встановив уряд.", "uk"),
    ("Рыбаки из порта годами жалуются на квоты, которые установило правительство.", "ru"),
]

# Languages without temporal resources: the document keeps the real code.
UNSUPPORTED = [
    ("Riksdagen beslutade i går att bron ska byggas om under nästa år.", "sv"),
    ("Fiskarna i hamnen har klagat i flera år på de nya kvoterna från regeringen.", "sv"),
    ("Starosta řekl, že most bude otevřen až příští rok v létě.", "cs"),
    ("Rybáři z přístavu si už léta stěžují na kvóty, které stanovila vláda.", "cs"),
    ("Borgmesteren sagde, at broen først åbner næste år, fordi arbejdet er forsinket.", "da"),
    ("Pormestari sanoi, että silta avataan vasta ensi vuonna, koska työt ovat myöhässä.", "fi"),
    ("Polgármester szerint a hidat csak jövőre nyitják meg, mert a munkák késnek.", "hu"),
    ("Belediye başkanı köprünün ancak gelecek yıl açılacağını söyledi.", "tr"),
    ("Кметът каза, че мостът ще бъде отворен едва догодина, защото работата закъснява.", "bg"),
    ("Ο δήμαρχος είπε ότι η γέφυρα θα ανοίξει τον επόμενο χρόνο.", "el"),
]


@pytest.mark.parametrize(("text", "expected"), SUPPORTED)
def test_detects_supported_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(("text", "expected"), UNSUPPORTED)
def test_a_language_without_resources_keeps_its_code(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Вчора", "uk"),
        ("Вчера", "ru"),
        ("24 червня", "uk"),
        ("24 июня", "ru"),
        ("hier", "fr"),
        ("Gestern um 10 Uhr", "de"),
        ("Mañana, 3 de julio", "es"),
        ("Sexta-feira à noite", "pt"),
        ("Friday", "en"),
    ],
)
def test_short_texts_are_decided_by_their_date_words(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_a_short_text_its_date_words_decide_never_asks_the_model() -> None:
    before = identifier.cache_info()
    assert detect_language("Gestern um 10 Uhr") == "de"
    after = identifier.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)  # identifier() was not called


def test_a_date_word_outranks_the_model_only_below_min_letters() -> None:
    short = "Café Demain"
    long = "The bakery on the corner called Café Demain has closed its doors for good, the owners said."
    assert sum(ch.isalpha() for ch in short) < MIN_LETTERS <= sum(ch.isalpha() for ch in long)
    assert detect_language(short) == "fr"
    assert detect_language(long) == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Das Urteil fiel am 24.06.2025.",
            "de",
        ),  # "das": German and Portuguese evidence; the model prefers German
        ("Die Delegation reist morgen ab.", "de"),  # "morgen": a German and a Dutch date word
        ("Morgen", None),  # the same tie, and nothing else to break it
        ("Mai 2025", None),  # German and French
    ],
)
def test_an_evidence_tie_is_broken_only_by_a_clear_model_preference(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "12:30 -- 2025/06/24 !!!", "€ 1.000,00"])
def test_no_letters_is_none(text: str) -> None:
    assert detect_language(text) is None


@pytest.mark.parametrize("text", ["Xyzzy plugh quux", "Blorft zing", "Qwv brrk"])
def test_latin_text_without_evidence_is_undetermined_not_english(text: str) -> None:
    assert detect_language(text) is None


def test_cyrillic_text_without_evidence_is_undetermined_not_ukrainian() -> None:
    assert detect_language("Кврум бздох") is None


def test_only_the_sample_is_read() -> None:
    text = "Der Rat und die Stadt. " + "The council and the city said that it was over. " * 200
    assert detect_language(text, sample=20) == "de"
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("given", "text", "expected"),
    [
        ("en", "Der Bürgermeister sagte, dass die Brücke mit dem Bau nicht fertig ist.", "en"),
        ("SV", "The mayor said that the bridge will open in the spring after a long delay.", "sv"),
        ("und", "Der Bürgermeister sagte, dass die Brücke mit dem Bau nicht fertig ist.", "de"),
        ("mul", "Мэр сказал, что мост откроют в июне, и все будут ездить.", "ru"),
        (None, "Riksdagen beslutade i går att bron ska byggas om under nästa år.", "sv"),
        (None, "Xyzzy plugh quux", UNDETERMINED),
        (None, "12:30 -- 2025/06/24", UNDETERMINED),
    ],
)
def test_document_language_own_tag_wins(given: str | None, text: str, expected: str) -> None:
    assert document_language(given, text) == expected


def _raw(text: str, language: str | None) -> RawDoc:
    return raw_doc(content=text, language=language, published="2025-06-26T09:00:00+00:00")


SWEDISH = "Riksdagen beslutade den 24 juni 2025 att bron ska byggas om, sade ministern i går."


def test_a_document_in_an_unsupported_language_keeps_its_code_and_gets_no_text_events() -> None:
    doc = build_document(_raw(SWEDISH, None))
    assert doc.language == "sv"
    assert text_events(doc) == []


def test_an_undetermined_document_is_und_and_gets_no_text_events() -> None:
    doc = build_document(_raw("Xyzzy plugh 2025-06-24 quux.", None))
    assert doc.language == UNDETERMINED
    assert text_events(doc) == []


def test_the_documents_own_tag_wins_over_detection() -> None:
    doc = build_document(_raw("The minister said on 24 June 2025 that the bridge was done.", "de"))
    assert doc.language == "de"


def test_an_untagged_document_is_read_with_its_detected_rules() -> None:
    doc = build_document(_raw("Le ministre a déclaré hier que le pont était enfin terminé.", None))
    assert doc.language == "fr"
    assert [(e.date_text, e.timex_value) for e in text_events(doc)] == [("hier", "2025-06-25")]


@pytest.mark.parametrize("language", ["sv", "und", "zh", "xx-YY"])
def test_tagger_tags_nothing_in_a_language_without_rules(language: str) -> None:
    assert tag(SWEDISH, DCT, language) == []


def test_tagger_detects_when_no_language_is_given() -> None:
    assert [t.value for t in tag("Вчора було спекотно.", DCT, None)] == ["2025-06-25"]
    assert tag(SWEDISH, DCT, None) == []
    assert tag("Xyzzy 2025-06-24 plugh.", DCT, None) == []
