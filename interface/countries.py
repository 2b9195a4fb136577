"""Country and territory names in the reader's language.

The database holds the UN's English names. For the other languages Django has no country
names, so we take the short names of the Unicode CLDR (through Babel), except where CLDR's
everyday name differs from the name the United Nations uses: those are in UN_NAMES.
"""

import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language, to_locale

# Where the database shows the UN's full name in English (it has no shorter display name), the
# UN's name in the other official languages; CLDR's everyday name would differ (e.g. "Congo-
# Kinshasa", "Territoires palestiniens", "Birmanie"). Where English shows a short name ("Iran",
# "Syria", "Tanzania"), CLDR's short names are the matching choice and need no entry here.
UN_NAMES = {
    "BN": {
        "fr": "Brunéi Darussalam",
        "es": "Brunei Darussalam",
        "ar": "بروني دار السلام",
        "zh-hans": "文莱达鲁萨兰国",
        "ru": "Бруней-Даруссалам",
    },
    "CD": {
        "fr": "République démocratique du Congo",
        "es": "República Democrática del Congo",
        "ar": "جمهورية الكونغو الديمقراطية",
        "zh-hans": "刚果民主共和国",
        "ru": "Демократическая Республика Конго",
    },
    "CG": {"fr": "Congo", "es": "Congo", "ar": "الكونغو", "zh-hans": "刚果", "ru": "Конго"},
    "CI": {
        "fr": "Côte d’Ivoire",
        "es": "Côte d’Ivoire",
        "ar": "كوت ديفوار",
        "zh-hans": "科特迪瓦",
        "ru": "Кот-д’Ивуар",
    },
    "CV": {
        "fr": "Cabo Verde",
        "es": "Cabo Verde",
        "ar": "كابو فيردي",
        "zh-hans": "佛得角",
        "ru": "Кабо-Верде",
    },
    "HK": {
        "fr": "RAS de Hong Kong",
        "es": "RAE de Hong Kong",
        "ar": "منطقة هونغ كونغ الإدارية الخاصة",
        "zh-hans": "香港特别行政区",
        "ru": "САР Гонконг",
    },
    "KP": {
        "fr": "République populaire démocratique de Corée",
        "es": "República Popular Democrática de Corea",
        "ar": "جمهورية كوريا الشعبية الديمقراطية",
        "zh-hans": "朝鲜民主主义人民共和国",
        "ru": "Корейская Народно-Демократическая Республика",
    },
    "KR": {
        "fr": "République de Corée",
        "es": "República de Corea",
        "ar": "جمهورية كوريا",
        "zh-hans": "大韩民国",
        "ru": "Республика Корея",
    },
    "LA": {
        "fr": "République démocratique populaire lao",
        "es": "República Democrática Popular Lao",
        "ar": "جمهورية لاو الديمقراطية الشعبية",
        "zh-hans": "老挝人民民主共和国",
        "ru": "Лаосская Народно-Демократическая Республика",
    },
    "MM": {"fr": "Myanmar", "es": "Myanmar", "ar": "ميانمار", "zh-hans": "缅甸", "ru": "Мьянма"},
    "MO": {
        "fr": "RAS de Macao",
        "es": "RAE de Macao",
        "ar": "منطقة ماكاو الإدارية الخاصة",
        "zh-hans": "澳门特别行政区",
        "ru": "САР Макао",
    },
    "PS": {
        "fr": "État de Palestine",
        "es": "Estado de Palestina",
        "ar": "دولة فلسطين",
        "zh-hans": "巴勒斯坦国",
        "ru": "Государство Палестина",
    },
    "RU": {
        "fr": "Fédération de Russie",
        "es": "Federación de Rusia",
        "ar": "الاتحاد الروسي",
        "zh-hans": "俄罗斯联邦",
        "ru": "Российская Федерация",
    },
    "TL": {
        "fr": "Timor-Leste",
        "es": "Timor-Leste",
        "ar": "تيمور - ليشتي",
        "zh-hans": "东帝汶",
        "ru": "Тимор-Лешти",
    },
    "TR": {"fr": "Türkiye", "es": "Türkiye", "ar": "تركيا", "zh-hans": "土耳其", "ru": "Турция"},
    "TW": {
        "fr": "Taiwan (province de Chine)",
        "es": "Taiwán (provincia de China)",
        "ar": "تايوان، مقاطعة الصين",
        "zh-hans": "中国台湾省",
        "ru": "Тайвань, провинция Китая",
    },
    "VA": {
        "fr": "Saint-Siège",
        "es": "Santa Sede",
        "ar": "الكرسي الرسولي",
        "zh-hans": "教廷",
        "ru": "Святейший Престол",
    },
    "VN": {"fr": "Viet Nam", "es": "Viet Nam", "ar": "فييت نام", "zh-hans": "越南", "ru": "Вьетнам"},
}


@cache
def _cldr_names(language: str) -> dict:
    try:
        return dict(Locale.parse(to_locale(language)).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(iso2: str, english: str, language: str | None = None) -> str:
    """The name of the country `iso2` in `language` (default: the active one); `english` (the
    UN name in the database) in English, and wherever no translation is known."""
    language = (language or get_language() or "en").lower()
    if language == "en" or language.startswith("en-"):
        return english
    iso2 = (iso2 or "").upper()
    un = UN_NAMES.get(iso2, {}).get(language)
    return un or _cldr_names(language).get(iso2) or english


def sort_key(name: str) -> str:
    """For alphabetical order across scripts and accents: "Égypte" sorts with "E"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
