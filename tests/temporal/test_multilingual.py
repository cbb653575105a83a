"""Ukrainian, Russian, German, Spanish and French rules, and language detection."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.language import detect_language
from transforms.temporal import tag

from .helpers import DCT, find

CASES = [
    # a day and month without a year: the nearest tense cue of its clause picks the side of the DCT
    ("uk", "Міністр заявив, що 15 травня відбудеться зустріч.", "15 травня", "2026-05-15"),
    ("uk", "Зустріч відбулася 3 липня у Львові.", "3 липня", "2024-07-03"),
    ("ru", "Министр сказал, что встреча прошла 5 июля.", "5 июля", "2024-07-05"),
    ("ru", "Встреча состоится 5 мая.", "5 мая", "2026-05-05"),
    ("de", "Die Sitzung habe am 3. Juli stattgefunden, sagte er.", "3. Juli", "2024-07-03"),
    ("de", "Er sagte, dass die Sitzung am 3. Mai stattfinden wird.", "3. Mai", "2026-05-03"),
    ("es", "La reunión se celebró el 3 de julio.", "3 de julio", "2024-07-03"),
    ("es", "Dijo que la reunión será el 3 de mayo.", "3 de mayo", "2026-05-03"),
    ("fr", "La réunion avait eu lieu le 3 juillet.", "le 3 juillet", "2024-07-03"),
    ("fr", "Il a déclaré qu'elle aura lieu le 3 mai.", "le 3 mai", "2026-05-03"),
    ("fr", "La réunion du 30 juin est confirmée.", "30 juin", "2025-06-30"),
    # Ukrainian
    ("uk", "Угоду підписали 24 червня 2025 року в Києві.", "24 червня 2025 року", "2025-06-24"),
    ("uk", "Зустріч відбулася 24 червня.", "24 червня", "2025-06-24"),
    ("uk", "Рішення ухвалили 24.06.2025.", "24.06.2025", "2025-06-24"),
    ("uk", "Міністр заявив про це вчора.", "вчора", "2025-06-25"),
    ("uk", "Сьогодні уряд збереться знову.", "Сьогодні", "2025-06-26"),
    ("uk", "Делегація прибуде завтра.", "завтра", "2025-06-27"),
    ("uk", "Переговори відбулися у понеділок.", "понеділок", "2025-06-23"),
    ("uk", "Ціни зросли минулого тижня.", "минулого тижня", "2025-W25"),
    ("uk", "Закон наберe чинності наступного місяця.", "наступного місяця", "2025-07"),
    ("uk", "Експорт зріс цього року.", "цього року", "2025"),
    ("uk", "Обстріл стався три дні тому.", "три дні тому", "2025-06-23"),
    ("uk", "Виробництво впало у травні.", "травні", "2025-05"),
    ("uk", "У 2024 році врожай був рекордним.", "2024 році", "2024"),
    # Russian
    ("ru", "Встреча прошла 24 июня 2025 года.", "24 июня 2025 года", "2025-06-24"),
    ("ru", "Доклад опубликовали 24 июня.", "24 июня", "2025-06-24"),
    ("ru", "Об этом сообщили вчера.", "вчера", "2025-06-25"),
    ("ru", "Переговоры пройдут завтра.", "завтра", "2025-06-27"),
    ("ru", "Встреча состоялась во вторник.", "вторник", "2025-06-24"),
    ("ru", "Цены выросли на прошлой неделе.", "прошлой неделе", "2025-W25"),
    ("ru", "Экспорт упал в прошлом году.", "прошлом году", "2024"),
    ("ru", "Завод закрыли 3 дня назад.", "3 дня назад", "2025-06-23"),
    ("ru", "Инфляция замедлилась в июне 2024 года.", "июне 2024 года", "2024-06"),
    # German
    ("de", "Der Vertrag wurde am 24. Juni 2025 unterzeichnet.", "24. Juni 2025", "2025-06-24"),
    ("de", "Das Urteil fiel am 24.06.2025.", "24.06.2025", "2025-06-24"),
    ("de", "Der Minister sagte gestern, die Lage sei ernst.", "gestern", "2025-06-25"),
    ("de", "Die Gespräche gehen heute weiter.", "heute", "2025-06-26"),
    ("de", "Die Delegation reist morgen ab.", "morgen", "2025-06-27"),
    ("de", "Die Preise stiegen letzte Woche.", "letzte Woche", "2025-W25"),
    ("de", "Die Wahl findet nächstes Jahr statt.", "nächstes Jahr", "2026"),
    ("de", "Am Montag trafen sich die Minister.", "Montag", "2025-06-23"),
    ("de", "Die Produktion sank im Mai.", "Mai", "2025-05"),
    # Spanish
    ("es", "El acuerdo se firmó el 24 de junio de 2025.", "24 de junio de 2025", "2025-06-24"),
    ("es", "El ministro habló ayer con la prensa.", "ayer", "2025-06-25"),
    ("es", "Hoy se reúne el gabinete.", "Hoy", "2025-06-26"),
    ("es", "La delegación llega mañana.", "mañana", "2025-06-27"),
    ("es", "Los precios subieron la semana pasada.", "la semana pasada", "2025-W25"),
    ("es", "La fábrica cerró hace tres días.", "hace tres días", "2025-06-23"),
    ("es", "El gobierno anunció el plan el lunes pasado.", "lunes pasado", "2025-06-23"),
    ("es", "La economía creció este año.", "este año", "2025"),
    # French
    ("fr", "L'accord a été signé le 24 juin 2025.", "le 24 juin 2025", "2025-06-24"),
    ("fr", "Le ministre a parlé hier.", "hier", "2025-06-25"),
    ("fr", "Le sommet s'ouvre aujourd'hui.", "aujourd'hui", "2025-06-26"),
    ("fr", "La délégation arrive demain.", "demain", "2025-06-27"),
    ("fr", "Les prix ont augmenté la semaine dernière.", "la semaine dernière", "2025-W25"),
    ("fr", "L'usine a fermé il y a trois jours.", "il y a trois jours", "2025-06-23"),
    ("fr", "Le vote aura lieu lundi prochain.", "lundi prochain", "2025-06-30"),
    ("fr", "La croissance a ralenti l'année dernière.", "l'année dernière", "2024"),
    # future cues turn a bare weekday or month forward; otherwise it stays in the past
    ("uk", "Засідання уряду буде у п'ятницю.", "п'ятницю", "2025-06-27"),
    ("uk", "Комісія розглядатиме скаргу у п'ятницю.", "п'ятницю", "2025-06-27"),
    ("uk", "Вибори відбудуться у березні.", "березні", "2026-03"),
    ("ru", "Встреча будет в пятницу.", "пятницу", "2025-06-27"),
    ("de", "Die Minister werden sich am Freitag treffen.", "Freitag", "2025-06-27"),
    ("es", "El gabinete va a reunirse el viernes.", "viernes", "2025-06-27"),
    ("es", "El viernes se reunirá el gabinete.", "viernes", "2025-06-27"),
    ("fr", "Le conseil se réunira vendredi.", "vendredi", "2025-06-27"),
    ("fr", "Le sommet a eu lieu vendredi.", "vendredi", "2025-06-20"),
    # in N units
    ("uk", "Делегація прибуде через три дні.", "через три дні", "2025-06-29"),
    ("uk", "Рішення ухвалять через тиждень.", "через тиждень", "2025-W27"),
    ("ru", "Визит состоится через два месяца.", "через два месяца", "2025-08"),
    ("es", "El ministro llegará dentro de tres días.", "dentro de tres días", "2025-06-29"),
    ("fr", "Le vote aura lieu dans deux semaines.", "dans deux semaines", "2025-W28"),
]

# Durations are never dates: (lang, text, span, value)
DURATIONS = [
    ("uk", "Війна триває протягом трьох років.", "трьох років", "P3Y"),
    ("uk", "Переговори тривали 5 днів.", "5 днів", "P5D"),
    ("ru", "Кризис длится в течение трёх лет.", "трёх лет", "P3Y"),
    ("de", "Er lebt seit drei Jahren in Berlin.", "drei Jahren", "P3Y"),
    # German news corpora (KRAUTS, WikiWarsDE) mark "vor drei Tagen", "in zwei Wochen" as the duration only
    ("de", "Die Fabrik schloss vor drei Tagen.", "drei Tagen", "P3D"),
    ("de", "Die Abstimmung über das Gesetz findet in zwei Wochen statt.", "zwei Wochen", "P2W"),
    ("es", "Vivió allí durante tres años.", "tres años", "P3Y"),
    ("es", "Vive aquí desde hace tres años.", "tres años", "P3Y"),
    ("fr", "Il a travaillé là pendant trois ans.", "trois ans", "P3Y"),
]


@pytest.mark.parametrize(("lang", "text", "span", "value"), DURATIONS)
def test_language_duration(lang: str, text: str, span: str, value: str) -> None:
    t = find(text, span, language=lang)
    assert (t.type, t.value) == ("DURATION", value)
    assert all(x.type == "DURATION" for x in tag(text, DCT, lang))


@pytest.mark.parametrize(("lang", "text", "span", "value"), CASES)
def test_language_case(lang: str, text: str, span: str, value: str) -> None:
    assert find(text, span, language=lang).value == value
    assert find(text, span, language=None).value == value  # detection picks the same rules


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Міністр заявив, що уряд розгляне це питання і ухвалить рішення.", "uk"),
        ("Министр заявил, что правительство рассмотрит этот вопрос.", "ru"),
        ("Der Minister sagte, dass die Regierung die Frage prüfen wird.", "de"),
        ("El ministro dijo que el gobierno estudiará la cuestión.", "es"),
        ("Le ministre a déclaré que le gouvernement examinera la question.", "fr"),
        ("The minister said that the government will review the issue.", "en"),
        ("12345 !!! ---", None),  # no letters: no guess (tag then tags nothing)
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_a_language_without_rules_tags_nothing() -> None:
    assert [t.value for t in tag("Signed 2025-06-24.", DCT, "en")] == ["2025-06-24"]
    assert tag("Signed 2025-06-24.", DCT, "sv") == []


def test_region_suffix_is_ignored() -> None:
    assert [t.value for t in tag("Вчора було спекотно.", DCT, "uk-UA")] == ["2025-06-25"]


def test_multilingual_without_dct() -> None:
    assert [t.value for t in tag("Зустріч відбулася вчора, 24 червня.", None, "uk")] == [
        "XXXX-XX-XX",
        "XXXX-06-24",
    ]


def test_german_noun_morgen_is_not_tomorrow() -> None:
    assert [t.text for t in tag("Am Morgen regnete es, sagte er gestern.", date(2025, 6, 26), "de")] == [
        "gestern"
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Вчора", "uk"), ("Вчера", "ru"), ("24 червня", "uk"), ("24 июня", "ru"), ("hier", "fr")],
)
def test_detect_short_texts_by_their_date_words(text: str, lang: str) -> None:
    assert detect_language(text) == lang
