"""English lexicon and the regex of every rule (one named alternative per rule)."""

from __future__ import annotations

from .lexicon import alt, cased, load

_L = load("en")
MONTHS: dict[str, int] = {**_L["months"], **_L["month_abbr"]}
WEEKDAYS: dict[str, int] = {**_L["weekdays"], **_L["weekday_abbr"]}
NUMBERS: dict[str, float] = _L["numbers"]
UNITS: dict[str, str] = _L["units"]
ORDINALS: dict[str, int] = _L["ordinals"]
SEASONS: dict[str, str] = _L["seasons"]
PODS: dict[str, str] = _L["parts_of_day"]
DECADE_WORDS: dict[str, int] = _L["decade_words"]

_MONTH_FULL = cased(_L["months"])
_MONTH_ANY = "(?:" + _MONTH_FULL + "|" + cased(_L["month_abbr"]) + r"\.?)"
_WEEKDAY = cased(_L["weekdays"])
_WEEKDAY_ANY = "(?:" + _WEEKDAY + "|" + cased(_L["weekday_abbr"]) + r"\.?)"
_TENS = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = "(?:one|two|three|four|five|six|seven|eight|nine)"
_NUMWORD = alt([w for w in NUMBERS if w not in ("a", "an")], "i")
_NUM = rf"(?:\d+(?:\.\d+)?|(?i:{_TENS}(?:[\s-]{_ONES})?)|{_NUMWORD}|(?i:an?)(?=\s))"
_VAGUE_NUM = alt(_L["vague_numbers"], "i")
_UNIT = r"(?i:seconds?|minutes?|hours?|days?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies))"
_POD = r"(?i:morning|afternoon|evening|night|overnight)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_SPELLED_YEAR = r"(?i:nineteen[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|hundred|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and)?(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?))?)"
_YEAR_ANY = rf"(?:{_YEAR}|{_SPELLED_YEAR})"
_AGO_MODS = alt(
    [
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "roughly",
        "approximately",
        "more than",
        "over",
        "less than",
        "just",
        "only",
    ],
    "i",
)
_DUR_QUAL = alt(
    [
        "more than",
        "over",
        "at least",
        "nearly",
        "almost",
        "about",
        "around",
        "some",
        "up to",
        "less than",
        "fewer than",
        "under",
        "roughly",
        "approximately",
        "no more than",
        "well over",
        "just over",
        "just under",
        "only",
        "just",
        "the",
    ]
    + [
        f"the {w}"
        for w in (
            "past",
            "last",
            "next",
            "coming",
            "previous",
            "first",
            "final",
            "following",
            "remaining",
            "latest",
            "same",
        )
    ],
    "i",
)
_VAGUE_WORDS = alt(
    [
        "now",
        "currently",
        "at present",
        "presently",
        "nowadays",
        "these days",
        "recently",
        "lately",
        "the past",
        "the future",
        "soon",
        "the near future",
        "formerly",
        "previously",
    ],
    "i",
)
_SET_UNITS = alt(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "weekend",
        "month",
        "months",
        "quarter",
        "year",
        "years",
        "decade",
        "morning",
        "afternoon",
        "evening",
        "night",
        *_L["weekdays"],
        *SEASONS,
        *_L["months"],
    ],
    "i",
)
_ZONE = r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|JST|IST)(?:\s?[+-]\s?\d{1,2}(?::?\d\d)?)?"

# Each rule: (name, pattern). Inner groups carry the rule name as prefix (names must be unique).
_RULES: list[tuple[str, str]] = [
    (
        "iso",
        r"(?P<iso_y>\d{4})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>[0-3]\d)(?:[T ](?P<iso_h>[01]\d|2[0-3]):(?P<iso_mi>[0-5]\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])",
    ),
    ("isoweek", r"(?P<iw_y>\d{4})-?W(?P<iw_w>[0-5]\d)(?:-(?P<iw_d>[1-7]))?(?!\d)"),
    ("ymd", r"(?P<ymd_y>\d{4})/(?P<ymd_m>0?[1-9]|1[0-2])/(?P<ymd_d>[0-3]?\d)(?![\d/])"),
    (
        "numdate",
        r"(?P<nd_a>\d{1,2})(?P<nd_s>[./-])(?P<nd_b>\d{1,2})(?P=nd_s)(?P<nd_y>\d{4}|\d{2})(?![\d]|[./-]\d)",
    ),
    (
        "mdy",
        rf"(?:(?P<mdy_wd>{_WEEKDAY_ANY}),?\s+)?(?P<mdy_m>{_MONTH_ANY})\s+(?P<mdy_d>{_DAYNUM})(?:st|nd|rd|th)?(?!\d|:\d)(?:(?:,\s*|\s+)(?P<mdy_y>{_YEAR_ANY})(?!\d))?(?:,?\s+(?P<mdy_pod>{_POD}))?",
    ),
    (
        "dmy",
        rf"(?:(?P<dmy_wd>{_WEEKDAY_ANY}),?\s+)?(?P<dmy_d>{_DAYNUM})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmy_m>{_MONTH_ANY})(?:,?\s+(?P<dmy_y>{_YEAR})(?!\d))?",
    ),
    ("my", rf"(?P<my_m>{_MONTH_ANY})(?:,\s*|\s+of\s+|\s+)(?P<my_y>{_YEAR_ANY}|'\d\d)(?![\d,]\d)"),
    (
        "qcode",
        r"(?:Q(?P<qc_n>[1-4])(?:\s*|-|/)(?P<qc_y>\d{4}|'\d\d)|(?P<qc_y2>\d{4})\s*-?Q(?P<qc_n2>[1-4]))(?!\d)",
    ),
    (
        "decade",
        rf"(?:(?i:the)\s+)?(?:(?P<dc_y>(?:1\d|20)\d0)'?s|'(?P<dc_yy>\d0)s|(?i:the)\s+(?P<dc_yy2>[1-9]0)s|(?i:the)\s+(?P<dc_w>(?i:{'|'.join(DECADE_WORDS)})))(?!\w)",
    ),
    (
        "century",
        r"(?:(?i:the)\s+)?(?:(?P<ce_n>\d{1,2})(?:st|nd|rd|th)|(?P<ce_w>(?i:nineteenth|twentieth|twenty-first|twenty\s+first|eighteenth)))[\s-]+(?i:century)",
    ),
    ("relcent", r"(?i:(?P<rc_d>this|last|next|the\s+(?:current|last|previous|next|past))\s+century)"),
    (
        "time",
        rf"(?P<tm_h>[01]?\d|2[0-3])(?:[:.](?P<tm_m>[0-5]\d))?\s?(?P<tm_ap>(?i:[ap]\.\s?m\.|[ap]m\b))(?:\s+(?P<tm_z>{_ZONE}))?|(?P<tm_h2>[01]?\d|2[0-3]):(?P<tm_m2>[0-5]\d)(?:\s+(?P<tm_z2>{_ZONE})|(?=\s+(?:local\s+time|hours)))|(?:(?<=(?i:at|by) )|(?<=(?i:from|till) )|(?<=(?i:until|after|since) )|(?<=(?i:before) )|(?<=\d to )|(?<=\d[-–]))(?P<tm_h3>[01]?\d|2[0-3]):(?P<tm_m3>[0-5]\d)(?![\d:])|(?P<tm_w>(?i:noon|midnight))(?:\s+(?P<tm_z3>{_ZONE}))?",
    ),
    (
        "year",
        rf"(?:(?P<yr_f>(?i:fiscal)(?:\s+year)?|FY)\s*)?(?P<yr_y>{_YEAR})(?![\w%]|[.,]\d|-(?:\d\d\b|[a-z]))|(?P<yr_t>(?i:the\s+year)\s+)?(?P<yr_w>{_SPELLED_YEAR})(?![\w-])",
    ),
    (
        "relday",
        rf"(?i:(?P<rd_w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|tonite|last\s+night|this\s+(?={_POD}))(?:(?:\s+|'s\s+)?(?P<rd_pod>{_POD}))?)(?!\w)",
    ),
    ("weekday", rf"(?P<wd_w>{_WEEKDAY})(?P<wd_pl>s)?(?:\s+(?P<wd_pod>{_POD}))?(?!\w)"),
    (
        "month",
        rf"(?P<mo_m>{_MONTH_FULL})(?=\s+(?:of\s+)?(?P<mo_r>(?i:this|last|next))\s+(?i:year)(?!\w))?(?!\w|\s+\d)",
    ),
    (
        "season",
        rf"(?P<se_w>(?i:spring|summer|autumn|fall|winter))(?:\s+(?:of\s+)?(?P<se_y>{_YEAR_ANY})(?!\d))?(?!\w)",
    ),
    (
        "quarter",
        rf"(?i:(?:(?P<q_pre>the|this|that|its)\s+)?(?:(?P<q_yb>{_YEAR})\s+|(?P<q_ya>(?:comparable\s+)?year-ago|(?:comparable\s+)?year-earlier)\s+|(?P<q_ry>this|last|next)\s+year's\s+)?(?:(?P<q_f>fiscal)[\s-]+)?(?:(?P<q_o>first|second|third|fourth|1st|2nd|3rd|4th|final|last|current|latest|previous|past|next|coming|same|recent)[\s-]+)?(?:fiscal\s+|calendar\s+)?(?P<q_word>quarter|period)(?!s))(?:(?:\s+of|,)?\s+(?:(?i:fiscal)\s+)?(?P<q_y>{_YEAR})(?!\d)|\s+(?i:of\s+(?P<q_r>this|last|next)\s+year))?(?![\w-])",
    ),
    ("yearago", r"(?i:(?P<ya_w>year-(?:earlier|ago)))(?![\w-])"),
    (
        "holiday",
        r"(?P<hd>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|"
        r"Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|Election\s+Day|Independence\s+Day|Halloween|"
        r"Valentine['’]s\s+Day|Labor\s+Day|Memorial\s+Day|Boxing\s+Day|May\s+Day)(?!\w)",
    ),
    ("yearend", r"(?i:(?P<ye_w>year-end|year's\s+end))(?![\w-])"),
    (
        "theyear",
        r"(?i:the\s+(?:(?P<ty_q>full|fiscal|calendar|current|whole|entire)\s+)?year)(?!\w|-)(?P<ty_e>\s+(?i:ended|ending|to))?",
    ),
    (
        "half",
        rf"(?i:the\s+(?P<h_o>first|second|latter|last)\s+half(?:\s+of\s+(?:(?P<h_y>{_YEAR})(?!\d)|(?P<h_r>this|last|next|the)\s+year)))(?!\w)",
    ),
    (
        "ago",
        rf"(?:(?P<ag_q>{_AGO_MODS})\s+)?(?P<ag_n>{_NUM}|{_VAGUE_NUM})[\s-]+(?P<ag_u>{_UNIT})\s+(?P<ag_d>(?i:ago|from\s+now|hence|earlier|later|before|after))(?!\w)",
    ),
    (
        "relunit",
        r"(?i:(?:(?P<ru_e>earlier|later)\s+(?:in\s+)?)?(?P<ru_d>last|next|this|that|coming|past|previous|current|following|upcoming|the\s+(?:past|last|previous|coming|next|following|current|same)|the)\s+(?P<ru_u>week(?:end)?|month|year|fiscal\s+year|decade|season|day))(?!\w)",
    ),
    (
        "set",
        rf"(?i:(?P<st_e>every|each)\s+(?:(?P<st_o>other)\s+|(?P<st_n>{_NUM})\s+)?(?P<st_u>{_SET_UNITS})|(?P<st_a>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly)|(?P<st_t>once|twice|(?:three|four|\d+)\s+times)\s+(?:a|an|per|every)\s+(?P<st_u2>day|week|month|year|quarter|decade))(?!\w)",
    ),
    (
        "dur",
        rf"(?:(?P<du_q>{_DUR_QUAL})\s+)?(?P<du_n>{_NUM}|{_VAGUE_NUM})(?:[\s-]+and[\s-]+a[\s-]+half)?[\s-]+(?P<du_u>{_UNIT})(?P<du_h>[\s-]+and[\s-]+a[\s-]+half)?(?!\w)",
    ),
    (
        "durpl",
        r"(?i:(?P<dp_q>the\s+(?:past|last|next|coming|previous|recent)|recent|coming|several|many)\s+)?(?P<dp_u>(?i:days|weeks|months|years|decades|centuries|hours|minutes))(?!\w)",
    ),
    (
        "vague",
        rf"(?P<vg_w>{_VAGUE_WORDS})(?!\w)",
    ),
]
