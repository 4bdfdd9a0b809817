"""The member directory: built from the indexed member profiles' metadata (front matter or
directory records), never from a hand-written list. Used for exact counting, listing and
membership questions, and for recognising member names despite spelling slips."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from app.answering.geography import Geography
from app.answering.text import close_match
from app.core.types import Hit


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@dataclass(frozen=True)
class Member:
    name: str
    short_name: str
    kind: str
    detail: str
    country: str
    hit: Hit  # the profile's first chunk, the one cited for this member
    founding: bool | None = None  # None: the profile does not say
    joined: str = ""  # ISO date, when the profile gives one
    aliases: tuple[str, ...] = ()  # other names its profile gives ("known in English as ...")

    @property
    def label(self) -> str:
        return (
            self.name if self.short_name in ("", self.name) else f"{self.name} ({self.short_name})"
        )

    @property
    def source(self) -> str:
        return str(self.hit.metadata.get("source", ""))


class MemberDirectory:
    def __init__(self, members: list[Member]) -> None:
        self.members = sorted(members, key=lambda m: m.short_name.lower())
        self.kinds = sorted({m.kind for m in self.members if m.kind})
        self.countries = sorted({m.country for m in self.members if m.country})
        self._names: dict[str, Member] = {}
        for m in self.members:
            for key in {norm(m.name), norm(m.short_name), norm(_strip_suffix(m.name))}:
                if len(key) >= 2:
                    self._names.setdefault(key, m)
        for m in self.members:  # a name it is also known by, when no member is called so
            for alias in m.aliases:
                self._names.setdefault(norm(alias), m)

    def prepare(self) -> MemberDirectory:
        """Build the lookup indexes now (after a sync) rather than in someone's question."""
        _ = self._keys, self._phrases, self._alias_words
        return self

    def __len__(self) -> int:
        return len(self.members)

    @cached_property
    def geography(self) -> Geography:
        return Geography(self.countries)

    @property
    def founding(self) -> list[Member]:
        return [m for m in self.members if m.founding]

    def select(
        self,
        kind: str | None = None,
        country: str | None = None,
        *,
        countries: set[str] | None = None,
        founding: bool | None = None,
        joined: tuple[str, str] | None = None,
    ) -> list[Member]:
        """Members matching every filter given (``countries``: any of them)."""
        return [
            m
            for m in self.members
            if (kind is None or m.kind == kind)
            and (country is None or m.country == country)
            and (countries is None or m.country in countries)
            and (founding is None or bool(m.founding) == founding)
            and (joined is None or joined[0] <= m.joined[:10] <= joined[1])
        ]

    def is_name(self, name: str) -> bool:
        """``name`` is exactly (up to case and punctuation) a member's name or short name."""
        return norm(_strip_suffix(name)) in self._names

    def find(self, name: str, cutoff: float = 0.8) -> Member | None:
        """The member called ``name``: exact on the normalised name or short name, else the
        closest spelling above ``cutoff`` ("Sakna AI", "HuggingFace", "Stabilty AI")."""
        key = norm(_strip_suffix(name))
        if len(key) < 2:
            return None
        if key in self._names:
            return self._names[key]
        close = close_match(key, self._keys, cutoff)
        return self._names[close] if close else None

    @cached_property
    def _keys(self) -> list[str]:
        return list(self._names)

    def mentioned(self, question: str) -> list[Member]:
        """Members whose name or short name appears in the question as whole words, in
        directory order. Looks up the question's word runs, so it costs the same with 60
        members or 100,000."""
        phrases, longest, position = self._phrases
        tokens = _alias_tokens(question)
        found: dict[int, Member] = {}
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + longest) + 1):
                for m in phrases.get(" ".join(tokens[i:j]), ()):
                    found[position[id(m)]] = m
        return [found[k] for k in sorted(found)]

    def aliases_sharing(self, words: set[str]) -> list[tuple[Member, str]]:
        """(member, name or short name) pairs whose content words include one of ``words``."""
        seen: set[tuple[int, str]] = set()
        pairs = []
        for w in words:
            for m, alias in self._alias_words.get(w, ()):
                if (id(m), alias) not in seen:
                    seen.add((id(m), alias))
                    pairs.append((m, alias))
        return pairs

    @cached_property
    def _phrases(self) -> tuple[dict[str, list[Member]], int, dict[int, int]]:
        phrases: dict[str, list[Member]] = {}
        for m in self.members:
            for alias in {m.name, m.short_name, _strip_suffix(m.name), *m.aliases}:
                words = " ".join(_alias_tokens(alias))
                if len(words) >= 2 and m not in phrases.get(words, []):
                    phrases.setdefault(words, []).append(m)
        longest = max((p.count(" ") + 1 for p in phrases), default=0)
        return phrases, longest, {id(m): i for i, m in enumerate(self.members)}

    @cached_property
    def _alias_words(self) -> dict[str, list[tuple[Member, str]]]:
        from app.answering.text import content_words

        index: dict[str, list[tuple[Member, str]]] = {}
        for m in self.members:
            for alias in dict.fromkeys((m.name, m.short_name)):
                if len(alias) >= 2:
                    for w in content_words(alias):
                        index.setdefault(w, []).append((m, alias))
        return index


def _flag(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    return value is True or str(value).strip().lower() in ("true", "yes", "1")


def _alias_tokens(text: str) -> list[str]:
    """Words of a name or question, keeping "fast.ai" and "A*STAR" whole; a full stop that
    ends a sentence is not part of the last word."""
    return [t for t in (w.rstrip(".") for w in re.findall(r"[a-z0-9*&.]+", text.lower())) if t]


def _strip_suffix(name: str) -> str:
    """The name without a legal suffix ("Inc.") or a bracketed note ("(operated by ...)")."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return re.sub(r",?\s+(inc|ltd|llc|group|corporation|corp)\.?$", "", name, flags=re.I)


def build_directory(
    metadatas: list[dict[str, Any]], ids: list[str], texts: list[str]
) -> MemberDirectory:
    """One member per profile (or per directory record): its first chunk is the citation."""
    first: dict[tuple[str, Any], tuple[int, Hit]] = {}
    for cid, meta, text in zip(ids, metadatas, texts, strict=True):
        meta = meta or {}
        if meta.get("doc_type") != "member_profile" or not meta.get("name"):
            continue
        key = (str(meta.get("source")), meta.get("record", 0))
        order = int(meta.get("chunk", 0))
        if key not in first or order < first[key][0]:
            first[key] = (order, Hit(cid, text or "", dict(meta), 1.0))
    members = [
        Member(
            name=str(h.metadata.get("name", "")),
            short_name=str(h.metadata.get("short_name") or h.metadata.get("name", "")),
            kind=str(h.metadata.get("kind", "")).strip().lower(),
            detail=str(h.metadata.get("detail", "")),
            country=str(h.metadata.get("country", "")).strip(),
            hit=h,
            founding=_flag(h.metadata.get("founding_member")),
            joined=str(h.metadata.get("joined", "") or ""),
            aliases=tuple(dict.fromkeys(m.group(1) for m in KNOWN_AS.finditer(h.text))),
        )
        for _, h in first.values()
    ]
    return MemberDirectory(members)


# "The Instituto Andino de Datos (IAD), known in English as the Andes Data Institute, ..."
KNOWN_AS = re.compile(
    r"\b(?:known(?:\s+in\s+English)?\s+as|also\s+called|formerly(?:\s+known\s+as)?)\s+"
    r"(?:the\s+)?([A-Z][\w&'-]*(?:\s+(?:(?:of|for|and|de|la|del)\s+)?[A-Z][\w&'-]*)*)"
)
