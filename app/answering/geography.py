"""Countries and regions named in a question, from a maintained data set (the countryinfo
package: names, other spellings, demonyms, region and subregion of every country), matched
against the countries the member directory actually holds. Only the few English words the
data set lacks ("England", "the Middle East") come from ``language.py``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from app.answering.language import (
    CASE_SENSITIVE_CODES,
    COUNTRY_EXTRA_WORDS,
    COUNTRY_SHORT_CODES,
    REGION_WORDS,
)


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    from countryinfo import CountryInfo

    return CountryInfo.all()


def _norm(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


@lru_cache(maxsize=512)
def country_record(name: str) -> dict[str, Any] | None:
    """The data set's record of a country written as ``name`` ("Viet Nam", "UK", ...)."""
    key = _norm(name)
    if not key:
        return None
    for record in _countries().values():
        spellings = [record.get("name", ""), *record.get("altSpellings", [])]
        if key in {_norm(s) for s in spellings if s}:
            return record
    return None


@dataclass
class Geography:
    """The directory's countries, each with the words that name it and its regions."""

    countries: list[str]
    _phrases: dict[str, str] = field(default_factory=dict)  # lower-case phrase -> country
    _codes: dict[str, str] = field(default_factory=dict)  # case-sensitive code -> country
    _regions: dict[str, set[str]] = field(default_factory=dict)  # region phrase -> countries
    _shown: dict[str, str] = field(default_factory=dict)  # region phrase -> how it is named

    def __post_init__(self) -> None:
        held = set(self.countries)
        # the directory's countries first (their spelling wins), then every other country
        # and region of the data set: "anyone from Peru?" and "members in Oceania?" have an
        # exact answer (none) even when no member is from there
        others = [r.get("name", "") for r in _countries().values() if r.get("name") not in held]
        for country in [*self.countries, *sorted(o for o in others if o)]:
            record = country_record(country) or {}
            names = {country, record.get("name", ""), record.get("demonym", "")}
            names |= {s for s in record.get("altSpellings", []) if len(s) >= 4}
            names |= set(COUNTRY_EXTRA_WORDS.get(record.get("name", country), []))
            for n in names:
                if n and n.isascii():
                    self._phrases.setdefault(_norm(n), country)
            for code in COUNTRY_SHORT_CODES.get(record.get("name", country), []):
                self._codes.setdefault(code, country)
            for area in (record.get("region"), record.get("subregion")):
                if area:
                    found = self._regions.setdefault(_norm(area), set())
                    self._shown.setdefault(_norm(area), area)
                    if country in held:
                        found.add(country)
        for phrase, areas in REGION_WORDS.items():
            members = set().union(*(self._regions.get(_norm(a), set()) for a in areas))
            self._regions.setdefault(_norm(phrase), set()).update(members)
            # "European" names Europe; "the Middle East" is named as it is
            adjective = " " not in phrase and _norm(phrase)[:4] == _norm(areas[0])[:4]
            self._shown.setdefault(_norm(phrase), areas[0] if adjective else phrase)

    def country_in(self, text: str) -> str | None:
        """The directory country the text names (longest phrase first), else None."""
        words = f" {_norm(text)} "
        for phrase in sorted(self._phrases, key=len, reverse=True):
            if f" {phrase} " in words and not self._part_of_region(phrase, words):
                return self._phrases[phrase]
        for code, country in self._codes.items():
            flags = 0 if code in CASE_SENSITIVE_CODES else re.I
            if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", text, flags):
                return country
        return None

    def names_place(self, word: str) -> bool:
        """``word`` is one of the names of a country or region ("Finnish", "Oceania")."""
        key = _norm(word)
        return key in self._phrases or key in self._regions

    def region_in(self, text: str) -> tuple[str, set[str]] | None:
        """(the region as the question names it, the directory countries in it)."""
        words = f" {_norm(text)} "
        for phrase in sorted(self._regions, key=len, reverse=True):
            if f" {phrase} " in words:
                return self._shown.get(phrase, phrase), self._regions[phrase]
        return None

    def _part_of_region(self, phrase: str, words: str) -> bool:
        """ "South America" names a region, not the country "America"."""
        return any(
            phrase in region and region != phrase and f" {region} " in words
            for region in self._regions
        )
