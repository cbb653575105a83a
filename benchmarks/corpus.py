"""Deterministic corpus of invented news with gold TIMEX3 values, for speed and quality benchmarks.

Every date expression is built together with its value (an offset from the publication day rendered as
words), so the gold needs no annotator. Boilerplate (related-headline blocks, captions, footers, share
lines) is drawn from the same templates but kept out of the gold: a pipeline that fails to strip it
pays in precision. Each document has its own ``random.Random`` seeded by (seed, index), so the bytes
depend only on N, the seed and the HTML share.

Usage: ``python -m benchmarks.corpus N --out DIR --seed S [--html-share F]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import html
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PUBLISHED = "2025-06-26T09:00:00+03:00"  # .txt files carry no date: the run passes this default
ITEMS_PER_FEED = 50
LINES_PER_JSONL = 200
LANGUAGES = ("en", "uk", "ru", "de", "es", "fr", "pl")
LANG_WEIGHTS = (86, 3, 2, 3, 2, 2, 2)
OFFSETS = (0, 60, 120, 180, -240, -300, 330)  # minutes east of UTC

MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()

LOCAL_MONTHS = {
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split(),
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}

# Town names are built from the document index, which makes every title unique (the gold join key).
_SYL_A = "Bar Cal Dun Fel Gor Hal Ket Lin Nor Ost Pel Rav Sel Tor Ul Val Wes Yar Zel Bran Cor Dal Eld Fen Glen Hol Ker Lor Ner Quin".split()
_SYL_B = "a e i o u ar en il on ur ad eg im os ub al er in ot uv as ed ir om ul at ek is op uz".split()
_SYL_C = "brook ford holm wick stead ton vale mere burn field haven moor ridge well bury dell gate ham ley mouth port shaw stow thorpe combe ness dene hurst lock rith".split()
_SYL_Q = "North South East West Upper Lower New Old Great Little".split()

FIRST = "Anna Marta Olena Pavel Jonas Ines Tomas Clara Ivan Leona Marek Sofia Daniel Nadia Erik Lucia Oskar Vera".split()
LAST = "Kovalenko Brandt Moreau Novak Lindqvist Ortega Petrenko Halloran Weiss Duval Sorensen Marchetti Kowalski Reyes Tanaka Okafor".split()
ORGS = [
    "city council",
    "regional health authority",
    "Ministry of Transport",
    "national grid operator",
    "port authority",
    "central bank",
    "water utility",
    "teachers' union",
    "election commission",
    "state railway company",
    "Ministry of Agriculture",
    "statistics office",
]
TOPICS = [
    "public transport",
    "heating costs",
    "the water supply",
    "rental housing",
    "school meals",
    "flood defences",
    "grain exports",
    "hospital staffing",
    "road repairs",
    "electricity prices",
]
THINGS = [
    "bridge",
    "railway station",
    "hospital wing",
    "water treatment plant",
    "ring road",
    "stadium",
    "library",
]
ROLES = [
    "mayor",
    "spokesperson for the ministry",
    "head of the regional administration",
    "chief economist",
    "union leader",
]
SITES = [
    ("Harbour Herald", "harbourherald.example"),
    ("Valley Courier", "valleycourier.example"),
    ("Northern Ledger", "northernledger.example"),
    ("Daily Meridian", "dailymeridian.example"),
    ("Eastern Wire", "easternwire.example"),
]
AGENCIES = ["AP", "Reuters", "AFP", "EPA", "Ukrinform"]
CRAFT = ["Boeing 737", "Su-34 jet", "Cessna 172", "Mi-8 helicopter", "Tu-154 airliner"]
CROWDS = ["2,000 troops", "1,500 volunteers", "3,400 households", "12,000 spectators", "4,700 workers"]

EN_TEMPLATES = [
    "{P}, the {org} announced a review of {topic} in {town}.",
    "Officials in {town} confirmed {P} that {count} residents had been evacuated.",
    "The {org} first raised concerns about {topic} {P}.",
    "{person}, the {role}, told reporters {P} that talks had stalled.",
    "The agreement was signed {P} after negotiations that ran {DUR}.",
    "Prices for {topic} rose by {pct} percent {P}, according to the {org}.",
    "Work on the {thing} in {town} began {P} and is due to finish {F}.",
    "A {craft} made an emergency landing near {town} {P}, the {org} said.",
    "The {org} will vote on the plan {F}, {person} said.",
    "Inspectors are expected to visit {town} {F}.",
    "The {org} plans to send {crowd} to the region {F}.",
    "According to the {org}, {count} people attended the rally {P}.",
    "The last comparable incident in {town} happened {P}.",
    "Flights resumed {P} after a pause of {small} hours.",
    "The {org} published its annual report {P}, showing a {pct} percent drop in {topic}.",
    "Route 9 between {town} and {town2} was closed {P} and will reopen {F}.",
    "Article 12 of the draft law, adopted {P}, sets new rules for {topic}.",
    "Schools in {town} will reopen {F}, the {org} said.",
    "The {thing} was last renovated {P}.",
    "The {org} said it had received {count} complaints about {topic} {P}.",
    "Residents of {town} said {crowd} had passed through the area {P}.",
    "The {org} inspects the {thing} {SET} and found no faults {P}.",
]

EN_PLAIN = [
    "Under Article 5 of the charter, members may request consultations {WITHIN}.",
    "Analysts warned that costs may rise further if the dispute drags on.",
    "{person} has led the {org} {DUR}.",
    "The market in {town} opens {SET}, drawing visitors from across the region.",
    "Volunteers deliver food to elderly residents {SET}.",
    "No casualties were reported, the {org} said in a statement.",
    "{person} said the {org} would respond {WITHIN}.",
    "Local businesses in {town} say the disruption has lasted {DUR}.",
    "The {org} did not reply to a request for comment.",
    "Opposition members called the decision rushed and said residents may challenge it in court.",
    "The {thing} serves about {count} people and is one of the busiest in the region.",
    "A {craft} is kept on standby at the airfield outside {town}.",
    "Officials estimate that {crowd} could be affected by the changes.",
    "{person}, the {role}, said the plan would cost about {pct} million euros.",
    "Critics say the {org} has ignored complaints about {topic} {DUR}.",
    "The committee meets {SET} to review progress on {topic}.",
    "Residents are advised to follow updates from the {org}.",
    "Some shops in {town} have already reduced their opening hours.",
    "Engineers said repairs to the {thing} could be finished {WITHIN} if the weather holds.",
    "The {org} has asked for an additional {count} staff to deal with {topic}.",
]

EN_TITLES = [
    "{town} council approves new plan for {topic}",
    "Flooding closes the {thing} in {town}",
    "{town} residents protest over {topic}",
    "Inspectors question safety of {town} {thing}",
    "{town} prepares for strike by transport workers",
    "Budget row delays {town} {thing} repairs",
    "{town} opens inquiry into {topic}",
]

EN_HEADLINES = [
    "Rescue teams search for survivors {P} after floods in {town}",
    "What we know about the {org} talks {P}",
    "{org_cap} to publish report {F}",
    "Prices for {topic} fell {P}, data show",
    "{town} marks anniversary of blackout that lasted {DUR}",
    "Mayor of {town} resigns {P}",
    "Strike to halt trains {F}",
]

LOCAL = {
    "uk": {
        "cue": "Читайте також",
        "rights": "Усі права захищені",
        "subscribe": "Підписуйтеся на наш Telegram-канал.",
        "photo": "Фото",
        "source": "Джерело",
        "on": "",
        "year": ("у {y} році", "{y}"),
        "long": ("{d} {m} {y} року", "{d} {m} {y}"),
        "numeric": ".",
        "sentences": [
            "Про це {D} повідомили в міській раді {town}.",
            "За даними обласної адміністрації, {D} до лікарень звернулися {count} мешканців.",
            "Роботи з ремонту мосту в {town} розпочалися {D}.",
            "Останній подібний випадок стався {D}.",
            "Міська рада планує ухвалити рішення найближчим часом.",
            "Експерти зазначають, що ціни на пальне можуть зрости.",
        ],
        "titles": [
            "{town}: міська рада оновлює план ремонту доріг",
            "У {town} відкрили новий пункт допомоги",
        ],
        "headlines": ["Ремонт мосту завершили {D}", "Що відомо про засідання ради {D}"],
    },
    "ru": {
        "cue": "Читайте также",
        "rights": "Все права защищены",
        "subscribe": "Подписывайтесь на наш Telegram-канал.",
        "photo": "Фото",
        "source": "Источник",
        "on": "",
        "year": ("в {y} году", "{y}"),
        "long": ("{d} {m} {y} года", "{d} {m} {y}"),
        "numeric": ".",
        "sentences": [
            "Об этом {D} сообщили в городском совете {town}.",
            "По данным администрации, {D} в больницы обратились {count} жителей.",
            "Ремонт моста в {town} начался {D}.",
            "Последний подобный случай произошёл {D}.",
            "Городской совет планирует принять решение в ближайшее время.",
            "Эксперты отмечают, что цены на топливо могут вырасти.",
        ],
        "titles": [
            "{town}: городской совет обновляет план ремонта дорог",
            "В {town} открыли новый пункт помощи",
        ],
        "headlines": ["Ремонт моста завершили {D}", "Что известно о заседании совета {D}"],
    },
    "de": {
        "cue": "Lesen Sie auch",
        "rights": "Alle Rechte vorbehalten",
        "subscribe": "Abonnieren Sie unseren Newsletter.",
        "photo": "Foto",
        "source": "Quelle",
        "on": "am ",
        "year": ("im Jahr {y}", "{y}"),
        "long": ("{d}. {m} {y}", "{d}. {m} {y}"),
        "numeric": ".",
        "sentences": [
            "Das teilte der Stadtrat von {town} {D} mit.",
            "Nach Angaben der Behörden wurden {D} {count} Bewohner in Sicherheit gebracht.",
            "Die Arbeiten an der Brücke in {town} begannen {D}.",
            "Der letzte vergleichbare Vorfall ereignete sich {D}.",
            "Der Stadtrat will in Kürze eine Entscheidung treffen.",
            "Experten warnen, dass die Preise weiter steigen könnten.",
        ],
        "titles": ["{town}: Stadtrat beschließt neuen Straßenplan", "{town} eröffnet neue Beratungsstelle"],
        "headlines": ["Brückenreparatur {D} abgeschlossen", "Was über die Ratssitzung {D} bekannt ist"],
    },
    "es": {
        "cue": "Lea también",
        "rights": "Todos los derechos reservados",
        "subscribe": "Suscríbase a nuestro boletín.",
        "photo": "Foto",
        "source": "Fuente",
        "on": "el ",
        "year": ("en {y}", "{y}"),
        "long": ("{d} de {m} de {y}", "{d} de {m} de {y}"),
        "numeric": "/",
        "sentences": [
            "El ayuntamiento de {town} lo anunció {D}.",
            "Según las autoridades, {D} fueron evacuados {count} vecinos.",
            "Las obras del puente de {town} comenzaron {D}.",
            "El último incidente similar ocurrió {D}.",
            "El ayuntamiento prevé tomar una decisión en breve.",
            "Los expertos advierten que los precios podrían seguir subiendo.",
        ],
        "titles": [
            "{town}: el ayuntamiento aprueba un nuevo plan de carreteras",
            "{town} abre una nueva oficina de ayuda",
        ],
        "headlines": ["Terminan las obras del puente {D}", "Lo que se sabe de la reunión del consejo {D}"],
    },
    "fr": {
        "cue": "Lire aussi",
        "rights": "Tous droits réservés",
        "subscribe": "Abonnez-vous à notre newsletter.",
        "photo": "Photo",
        "source": "Source",
        "on": "le ",
        "year": ("en {y}", "{y}"),
        "long": ("{d} {m} {y}", "{d} {m} {y}"),
        "numeric": "/",
        "sentences": [
            "Le conseil municipal de {town} l'a annoncé {D}.",
            "Selon les autorités, {count} habitants ont été évacués {D}.",
            "Les travaux du pont de {town} ont commencé {D}.",
            "Le dernier incident comparable s'est produit {D}.",
            "Le conseil municipal compte prendre une décision prochainement.",
            "Les experts préviennent que les prix pourraient encore augmenter.",
        ],
        "titles": [
            "{town} : le conseil adopte un nouveau plan routier",
            "{town} ouvre un nouveau centre d'aide",
        ],
        "headlines": ["Fin des travaux du pont {D}", "Ce que l'on sait de la réunion du conseil {D}"],
    },
    "pl": {
        "cue": "Czytaj także",
        "rights": "Wszelkie prawa zastrzeżone",
        "subscribe": "Zapisz się do naszego newslettera.",
        "photo": "Fot.",
        "source": "Źródło",
        "on": "",
        "year": ("w {y} roku", "{y}"),
        "long": ("{d} {m} {y} r.", "{d} {m} {y}"),
        "numeric": ".",
        "sentences": [
            "Poinformowała o tym {D} rada miasta {town}.",
            "Według władz {D} ewakuowano {count} mieszkańców.",
            "Remont mostu w {town} rozpoczął się {D}.",
            "Ostatni podobny incydent miał miejsce {D}.",
            "Rada miasta planuje podjąć decyzję wkrótce.",
            "Eksperci ostrzegają, że ceny mogą dalej rosnąć.",
        ],
        "titles": ["{town}: rada miasta przyjmuje nowy plan dróg", "W {town} otwarto nowy punkt pomocy"],
        "headlines": ["Remont mostu zakończono {D}", "Co wiadomo o posiedzeniu rady {D}"],
    },
}


@dataclass
class Doc:
    index: int
    kind: str  # feed | jsonl | txt | html
    language: str
    title: str
    published: str  # ISO 8601 with offset
    url: str
    site: str
    author: str
    blocks: list[tuple[str, object]] = field(default_factory=list)  # ("p", text) or boilerplate
    events: list[dict] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The text that counts: paragraphs only, blank-line separated."""
        return "\n\n".join(str(v) for k, v in self.blocks if k == "p")


# --- expressions built together with their values ---------------------------------------------------


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    total = year * 12 + month - 1 + n
    return total // 12, total % 12 + 1


def _past_day(rng: random.Random, pub: dt.date, lo: int, hi: int, min_dom: int = 1) -> dt.date:
    while True:
        day = pub - dt.timedelta(days=rng.randint(lo, hi))
        if day.day >= min_dom:
            return day


def past_expression(rng: random.Random, pub: dt.date) -> tuple[str, str, str]:
    """(phrase, expression as written, value) for a past-tense adverbial."""
    kind = rng.choices(
        [
            "mdy",
            "dmy",
            "iso",
            "dotted",
            "md",
            "weekday",
            "lastwd",
            "yesterday",
            "today",
            "daysago",
            "lastweek",
            "thisweek",
            "lastmonth",
            "thismonth",
            "thisyear",
            "lastyear",
            "yearsago",
            "inmonth",
            "monthyear",
            "inyear",
        ],
        [3, 1, 1, 1, 2, 3, 1, 2, 1, 1, 2, 1, 1, 1, 2, 2, 1, 2, 1, 2],
    )[0]
    y = pub.year
    if kind in ("mdy", "dmy", "iso", "dotted"):
        day = _past_day(rng, pub, 1, 900, 13 if kind == "dotted" else 1)
        text = {
            "mdy": f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
            "dmy": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
            "iso": day.isoformat(),
            "dotted": day.strftime("%d.%m.%Y"),
        }[kind]
        return f"on {text}", text, day.isoformat()
    if kind == "md":
        day = _past_day(rng, pub, 1, 200)
        text = f"{MONTHS[day.month - 1]} {day.day}"
        return f"on {text}", text, day.isoformat()
    if kind in ("weekday", "lastwd"):
        day = pub - dt.timedelta(days=rng.randint(1, 6))
        name = WEEKDAYS[day.weekday()]
        return (
            (f"on {name}", name, day.isoformat())
            if kind == "weekday"
            else (f"last {name}",) * 2 + (day.isoformat(),)
        )
    if kind == "yesterday":
        return "yesterday", "yesterday", (pub - dt.timedelta(days=1)).isoformat()
    if kind == "today":
        return "earlier today", "today", pub.isoformat()
    if kind == "daysago":
        n = rng.randint(2, 6)
        text = f"{NUMBER_WORDS[n]} days ago"
        return text, text, (pub - dt.timedelta(days=n)).isoformat()
    if kind == "lastweek":
        return "last week", "last week", iso_week(pub - dt.timedelta(days=7))
    if kind == "thisweek":
        return "earlier this week", "this week", iso_week(pub)
    if kind == "lastmonth":
        yy, mm = shift_month(y, pub.month, -1)
        return "last month", "last month", f"{yy}-{mm:02d}"
    if kind == "thismonth":
        return "earlier this month", "this month", f"{y}-{pub.month:02d}"
    if kind == "thisyear":
        return (
            ("earlier this year", "this year", str(y))
            if rng.random() < 0.5
            else ("this year", "this year", str(y))
        )
    if kind == "lastyear":
        return "last year", "last year", str(y - 1)
    if kind == "yearsago":
        n = rng.randint(2, 10)
        text = f"{NUMBER_WORDS[n]} years ago"
        return text, text, str(y - n)
    if kind == "inmonth":
        month = rng.choice([m for m in range(1, 13) if m != pub.month])
        year = y if month < pub.month else y - 1
        return f"in {MONTHS[month - 1]}", MONTHS[month - 1], f"{year}-{month:02d}"
    if kind == "monthyear":
        yy, mm = shift_month(y, pub.month, -rng.randint(2, 40))
        text = f"{MONTHS[mm - 1]} {yy}"
        return f"in {text}", text, f"{yy}-{mm:02d}"
    year = y - rng.randint(1, 12)
    return f"in {year}", str(year), str(year)


def future_expression(rng: random.Random, pub: dt.date) -> tuple[str, str, str]:
    """(phrase, expression as written, value) for an adverbial in a 'will' clause."""
    kind = rng.choices(
        ["tomorrow", "weekday", "nextweek", "nextmonth", "nextyear", "mdy", "iso", "monthyear"],
        [2, 2, 2, 1, 1, 2, 1, 1],
    )[0]
    y = pub.year
    if kind == "tomorrow":
        return "tomorrow", "tomorrow", (pub + dt.timedelta(days=1)).isoformat()
    if kind == "weekday":
        day = pub + dt.timedelta(days=rng.randint(1, 6))
        return f"on {WEEKDAYS[day.weekday()]}", WEEKDAYS[day.weekday()], day.isoformat()
    if kind == "nextweek":
        return "next week", "next week", iso_week(pub + dt.timedelta(days=7))
    if kind == "nextmonth":
        yy, mm = shift_month(y, pub.month, 1)
        return "next month", "next month", f"{yy}-{mm:02d}"
    if kind == "nextyear":
        return "next year", "next year", str(y + 1)
    day = pub + dt.timedelta(days=rng.randint(2, 300))
    if kind == "mdy":
        text = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        return f"by {text}", text, day.isoformat()
    if kind == "iso":
        return f"on {day.isoformat()}", day.isoformat(), day.isoformat()
    yy, mm = shift_month(y, pub.month, rng.randint(2, 18))
    text = f"{MONTHS[mm - 1]} {yy}"
    return f"in {text}", text, f"{yy}-{mm:02d}"


def local_expression(rng: random.Random, pub: dt.date, lang: str) -> tuple[str, str, str]:
    spec = LOCAL[lang]
    if rng.random() < 0.2:
        year = pub.year - rng.randint(1, 8)
        phrase, text = (s.format(y=year) for s in spec["year"])
        return phrase, text, str(year)
    numeric = rng.random() < 0.4
    day = _past_day(rng, pub, 1, 700, 13 if numeric else 1)
    if numeric:
        sep = spec["numeric"]
        text = f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}"
        return spec["on"] + text, text, day.isoformat()
    m = LOCAL_MONTHS[lang][day.month - 1]
    phrase, text = (s.format(d=day.day, m=m, y=day.year) for s in spec["long"])
    return spec["on"] + phrase, text, day.isoformat()


def duration(rng: random.Random) -> str:
    n = NUMBER_WORDS[rng.randint(2, 9)]
    return rng.choice(
        [
            f"for over {n} years",
            f"for more than {n} months",
            "for 18 months",
            "for nearly a decade",
            "for several years",
        ]
    )


def within(rng: random.Random) -> str:
    n = NUMBER_WORDS[rng.randint(2, 9)]
    return rng.choice([f"within {n} weeks", f"within {n} days", "within a month", f"within {n} hours"])


def recurrence(rng: random.Random) -> str:
    return rng.choice(
        ["every Monday", "every Friday", "every year", "each month", "twice a week", "every two weeks"]
    )


# --- documents --------------------------------------------------------------------------------------


def town_name(index: int) -> str:
    a, rest = index % 30, index // 30
    b, rest = rest % 30, rest // 30
    c, q = rest % 30, rest // 30
    base = _SYL_A[a] + _SYL_B[b] + _SYL_C[c]
    return (
        base if q == 0 else f"{_SYL_Q[(q - 1) % len(_SYL_Q)]} {base}" + ("" if q <= len(_SYL_Q) else f" {q}")
    )


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _fill(
    rng: random.Random, template: str, pub: dt.date, lang: str, town: str, events: list[dict] | None
) -> str:
    """Render a template; date slots append their (text, value) to ``events`` (None: discard)."""
    out: list[str] = []
    pos = 0
    cap_first = template.startswith("{")
    while True:
        start = template.find("{", pos)
        if start < 0:
            out.append(template[pos:])
            break
        end = template.index("}", start)
        out.append(template[pos:start])
        slot = template[start + 1 : end]
        pos = end + 1
        if slot in ("P", "F", "D"):
            if slot == "D":
                phrase, text, value = local_expression(rng, pub, lang)
            else:
                phrase, text, value = (past_expression if slot == "P" else future_expression)(rng, pub)
            if start == 0 and cap_first:
                if phrase.startswith(text):
                    text = text[0].upper() + text[1:]
                phrase = phrase[0].upper() + phrase[1:]
            if events is not None:
                events.append({"text": text, "value": value})
            out.append(phrase)
            continue
        out.append(_slot(rng, slot, town))
    sentence = "".join(out)
    return sentence[0].upper() + sentence[1:]


_CHOICES = {
    "org": ORGS,
    "org_cap": [o[0].upper() + o[1:] for o in ORGS],
    "topic": TOPICS,
    "thing": THINGS,
    "role": ROLES,
    "craft": CRAFT,
    "crowd": CROWDS,
}


def _slot(rng: random.Random, slot: str, town: str) -> str:
    if slot == "town":
        return town
    if slot == "town2":
        return town_name(rng.randint(0, 26999))
    if slot in _CHOICES:
        return rng.choice(_CHOICES[slot])
    if slot == "person":
        return _person(rng)
    if slot == "count":
        return (
            str(rng.randint(12, 950))
            if rng.random() < 0.5
            else f"{rng.randint(1, 48)},{rng.randint(0, 999):03d}"
        )
    if slot == "pct":
        return f"{rng.randint(1, 30)}.{rng.randint(0, 9)}"
    if slot == "small":
        return str(rng.randint(2, 36))
    if slot == "DUR":
        return duration(rng)
    if slot == "WITHIN":
        return within(rng)
    if slot == "SET":
        return recurrence(rng)
    raise KeyError(slot)


def _headlines(rng: random.Random, pub: dt.date, lang: str) -> list[str]:
    pool = EN_HEADLINES if lang == "en" else LOCAL[lang]["headlines"]
    return [
        _fill(rng, rng.choice(pool), pub, lang, town_name(rng.randint(0, 26999)), None)
        for _ in range(rng.randint(2, 4))
    ]


def _boilerplate(
    rng: random.Random, doc: Doc, pub: dt.date, paragraphs: list[str]
) -> list[tuple[str, object]]:
    lang = doc.language
    local = LOCAL.get(lang)
    cue = local["cue"] if local else rng.choice(["Read also", "Related", "READ MORE"])
    agency = rng.choice(AGENCIES)
    blocks: list[tuple[str, object]] = [("p", p) for p in paragraphs]
    if rng.random() < 0.6:
        blocks.insert(
            1,
            (
                "caption",
                f"{local['photo'] if local else 'Photo'}: {agency} / {rng.choice(FIRST)[0]}. {rng.choice(LAST)}",
            ),
        )
    if rng.random() < 0.55 and len(blocks) > 3:
        blocks.insert(rng.randint(2, len(blocks) - 1), ("related", (cue, _headlines(rng, pub, lang))))
    if rng.random() < 0.5 and len(blocks) > 2:
        headline = _headlines(rng, pub, lang)[0]
        inline_cue = local["cue"] if local else rng.choice(["Read also", "Also read"])
        blocks.insert(rng.randint(1, len(blocks) - 1), ("inline", (inline_cue, headline)))
    if rng.random() < 0.35:
        blocks.append(("related", (cue, _headlines(rng, pub, lang))))
    if rng.random() < 0.5:
        blocks.append(
            (
                "line",
                local["subscribe"]
                if local
                else rng.choice(
                    [
                        "Subscribe to our newsletter for the latest updates.",
                        "Follow us on Telegram and Facebook.",
                    ]
                ),
            )
        )
    if rng.random() < 0.4:
        blocks.append(
            ("line", "Share this article: Facebook | X | Email" if not local else "Facebook | X | Telegram")
        )
    if rng.random() < 0.5:
        rights = local["rights"] if local else "All rights reserved"
        blocks.append(("line", f"© {pub.year} {doc.site}. {rights}."))
    if rng.random() < 0.4:
        blocks.append(("line", f"{local['source'] if local else 'Source'}: {agency}"))
    return blocks


def make_doc(seed: int, index: int, kind: str, language: str | None = None) -> Doc:
    """One document, a pure function of (seed, index, kind, language)."""
    rng = random.Random(f"{seed}:{index}")
    lang = language or rng.choices(LANGUAGES, LANG_WEIGHTS)[0]
    if kind == "txt":
        published = dt.datetime.fromisoformat(DEFAULT_PUBLISHED)
    else:
        tz = dt.timezone(dt.timedelta(minutes=rng.choice(OFFSETS)))
        start = dt.datetime(2023, 1, 1, tzinfo=tz)
        published = start + dt.timedelta(seconds=rng.randrange(3 * 365 * 86400))
    pub = published.date()
    town = town_name(index)
    site, domain = SITES[rng.randrange(len(SITES))]
    title_pool = EN_TITLES if lang == "en" else LOCAL[lang]["titles"]
    title = _fill(rng, rng.choice(title_pool), pub, lang, town, None)
    slug = f"{index:06d}"
    doc = Doc(
        index,
        kind,
        lang,
        title,
        published.isoformat(),
        f"https://{domain}/news/{pub:%Y/%m}/story-{slug}",
        site,
        _person(rng),
    )
    events: list[dict] = []
    paragraphs: list[str] = []
    target = rng.randint(1900, 4600)
    size = 0
    if lang == "en":
        dated, plain = rng.sample(EN_TEMPLATES, len(EN_TEMPLATES)), rng.sample(EN_PLAIN, len(EN_PLAIN))
    else:
        pool = LOCAL[lang]["sentences"]
        dated, plain = [t for t in pool if "{D}" in t], [t for t in pool if "{D}" not in t]
    drawn = {"dated": 0, "plain": 0}

    def next_template() -> str:
        """Cycle through shuffled templates so a document rarely repeats a sentence frame."""
        which, pool = ("dated", dated) if rng.random() < 0.4 else ("plain", plain)
        drawn[which] += 1
        return pool[drawn[which] % len(pool)]

    while size < target:
        para = " ".join(
            _fill(rng, next_template(), pub, lang, town, events) for _ in range(rng.randint(2, 5))
        )
        paragraphs.append(para)
        size += len(para) + 2
    doc.events = events
    doc.blocks = _boilerplate(rng, doc, pub, paragraphs)
    return doc


# --- rendering --------------------------------------------------------------------------------------


def render_text(doc: Doc) -> str:
    parts = []
    for kind, value in doc.blocks:
        if kind == "related":
            cue, heads = value
            bullet = "- " if doc.index % 2 else ""
            parts.append(f"{cue}:\n" + "\n".join(bullet + h for h in heads))
        elif kind == "inline":
            parts.append(f"{value[0]}: {value[1]}")
        else:
            parts.append(str(value))
    return "\n\n".join(parts)


def render_html_blocks(doc: Doc) -> str:
    esc = html.escape
    parts = []
    for kind, value in doc.blocks:
        if kind == "p":
            parts.append(f"<p>{esc(value)}</p>")
        elif kind == "caption":
            parts.append(
                f'<figure><img src="/img/{doc.index}.jpg" alt=""><figcaption>{esc(value)}</figcaption></figure>'
            )
        elif kind == "related":
            cue, heads = value
            items = "".join(
                f'<li><a href="/news/r{doc.index}-{i}">{esc(h)}</a></li>' for i, h in enumerate(heads)
            )
            parts.append(f"<p><strong>{esc(cue)}:</strong></p><ul>{items}</ul>")
        elif kind == "inline":
            parts.append(f'<p>{esc(value[0])}: <a href="/news/i{doc.index}">{esc(value[1])}</a></p>')
        else:
            parts.append(f"<p>{esc(value)}</p>")
    return "\n".join(parts)


def render_page(doc: Doc, rng: random.Random) -> str:
    esc = html.escape
    pub = dt.date.fromisoformat(doc.published[:10])
    most_read = "".join(
        f'<li><a href="/news/m{doc.index}-{i}">{esc(h)}</a></li>'
        for i, h in enumerate(_headlines(rng, pub, doc.language))
    )
    nav = "".join(
        f'<li><a href="/{s.lower()}">{s}</a></li>'
        for s in ("World", "Politics", "Business", "Sport", "Culture")
    )
    return f"""<!DOCTYPE html>
<html lang="{doc.language}">
<head>
<meta charset="utf-8">
<title>{esc(doc.title)}</title>
<meta property="og:title" content="{esc(doc.title)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{doc.published}">
<meta name="author" content="{esc(doc.author)}">
<link rel="canonical" href="{doc.url}">
</head>
<body>
<header class="site-header"><a class="logo" href="/">{esc(doc.site)}</a><nav><ul>{nav}</ul></nav></header>
<main>
<article>
<h1>{esc(doc.title)}</h1>
<p class="byline">By {esc(doc.author)}</p>
{render_html_blocks(doc)}
</article>
<aside class="sidebar"><h2>Most read</h2><ol>{most_read}</ol></aside>
</main>
<footer><p>© {pub.year} {esc(doc.site)}. All rights reserved.</p><p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></p></footer>
</body>
</html>
"""


def render_item(doc: Doc) -> str:
    stamp = email.utils.format_datetime(dt.datetime.fromisoformat(doc.published))
    body = render_html_blocks(doc).replace("]]>", "]]&gt;")
    return f"""<item>
<title>{html.escape(doc.title, quote=False)}</title>
<link>{doc.url}</link>
<guid isPermaLink="true">{doc.url}</guid>
<pubDate>{stamp}</pubDate>
<dc:creator>{html.escape(doc.author, quote=False)}</dc:creator>
<description>{html.escape(doc.title, quote=False)}. Full story on {html.escape(doc.site, quote=False)}.</description>
<content:encoded><![CDATA[{body}]]></content:encoded>
</item>
"""


def render_feed(items: list[Doc], language: str, number: int) -> str:
    site, domain = SITES[number % len(SITES)]
    head = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{site} - feed {number}</title>
<link>https://{domain}/</link>
<description>Latest news from {site}</description>
<language>{language}</language>
"""
    return head + "".join(render_item(d) for d in items) + "</channel>\n</rss>\n"


# --- layout -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    n_feed: int
    n_jsonl: int
    n_txt: int
    n_html: int


def plan(n: int, html_share: float) -> Plan:
    n_html = round(n * html_share)
    rest = n - n_html
    n_feed = rest * 4 // 10
    n_jsonl = rest * 3 // 10
    return Plan(n_feed, n_jsonl, rest - n_feed - n_jsonl, n_html)


def _write(path: Path, text: str | bytes) -> None:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)


def _broken_inputs(out: Path) -> None:
    _write(
        out / "feeds" / "broken-feed.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Broken & cut\n<item><title>',
    )
    _write(out / "text" / "binary-blob.txt", bytes(range(256)) * 8)
    _write(
        out / "text" / "latin1-notes.txt",
        "Caf\u00e9 owners in Selvale\n\nThe caf\u00e9 reopened on 12 March 2025 after repairs.\n".encode(
            "latin-1"
        ),
    )


def generate(n: int, out: str | Path, seed: int = 1, html_share: float = 0.2) -> Plan:
    """Write the corpus and its gold under ``out``; same arguments, same bytes."""
    out = Path(out)
    for sub in ("feeds", "text", "html"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    p = plan(n, html_share)
    gold: list[Doc] = []
    index = 0
    for number in range(math.ceil(p.n_feed / ITEMS_PER_FEED)):
        count = min(ITEMS_PER_FEED, p.n_feed - number * ITEMS_PER_FEED)
        lang = random.Random(f"{seed}:feed:{number}").choices(LANGUAGES, LANG_WEIGHTS)[0]
        items = [make_doc(seed, index + k, "feed", lang) for k in range(count)]
        index += count
        _write(out / "feeds" / f"feed-{number:04d}.xml", render_feed(items, lang, number))
        gold.extend(items)
    for number in range(math.ceil(p.n_jsonl / LINES_PER_JSONL)):
        count = min(LINES_PER_JSONL, p.n_jsonl - number * LINES_PER_JSONL)
        lines = []
        for k in range(count):
            doc = make_doc(seed, index + k, "jsonl")
            gold.append(doc)
            record = {
                "text": render_text(doc),
                "id": f"doc-{doc.index:06d}",
                "title": doc.title,
                "url": doc.url,
                "source": doc.site,
                "published": doc.published,
                "language": doc.language,
            }
            lines.append(json.dumps(record, ensure_ascii=False))
        if number == 0:
            lines.insert(min(3, len(lines)), json.dumps({"id": "no-text-1", "title": "Record without text"}))
        index += count
        _write(out / "text" / f"batch-{number:04d}.jsonl", "\n".join(lines) + "\n")
    for _ in range(p.n_txt):
        doc = make_doc(seed, index, "txt")
        index += 1
        gold.append(doc)
        _write(out / "text" / f"story-{doc.index:06d}.txt", f"{doc.title}\n\n{render_text(doc)}\n")
    for _ in range(p.n_html):
        doc = make_doc(seed, index, "html")
        index += 1
        gold.append(doc)
        _write(
            out / "html" / f"page-{doc.index:06d}.html",
            render_page(doc, random.Random(f"{seed}:page:{doc.index}")),
        )
    _broken_inputs(out)
    lines = [
        json.dumps(
            {
                "title": d.title,
                "published": d.published,
                "language": d.language,
                "kind": d.kind,
                "events": d.events,
            },
            ensure_ascii=False,
        )
        for d in gold
    ]
    _write(out / "gold.jsonl", "\n".join(lines) + "\n")
    return p


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of valid documents")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--html-share", type=float, default=0.2, help="fraction written as HTML pages")
    args = parser.parse_args(argv)
    p = generate(args.n, args.out, args.seed, args.html_share)
    print(
        f"{args.n} documents: {p.n_feed} feed items, {p.n_jsonl} jsonl, {p.n_txt} txt, {p.n_html} html -> {args.out}"
    )


if __name__ == "__main__":
    main()
