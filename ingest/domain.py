"""The domain vocabulary: the organisation the corpus is about, its member kinds and the
words that name them, read from one YAML file (``ingest/domains/ai-alliance.yaml`` unless
``ALLIANCE_DOMAIN_FILE`` names another). Nothing else in the code names the AI Alliance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_DOMAIN = Path(__file__).resolve().parent / "domains" / "ai-alliance.yaml"


class DomainError(ValueError):
    """The domain file cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class MemberKind:
    name: str
    plural: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Domain:
    organisation: str
    organisation_words: tuple[str, ...]
    member_sentence: str
    member_kinds: dict[str, MemberKind]
    assistant: dict[str, Any] = field(default_factory=dict)

    @property
    def names_organisation(self) -> re.Pattern[str]:
        """Matches a mention of the organisation ("the alliance", "AI Alliance")."""
        return re.compile(rf"\b(?:{'|'.join(self.organisation_words)})\b", re.I)

    def plural(self, kind: str) -> str:
        known = self.member_kinds.get(kind)
        return known.plural if known else kind + "s"

    def kind_words(self) -> dict[str, list[str]]:
        return {k.name: list(k.words) for k in self.member_kinds.values()}

    def member_prose(self, label: str) -> str:
        return self.member_sentence.format(label=label, organisation=self.organisation)


@lru_cache(maxsize=8)
def load_domain(path: Path | None = None) -> Domain:
    """Read and check a domain file (cached per path)."""
    path = Path(path) if path is not None else DEFAULT_DOMAIN
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DomainError(f"cannot read domain file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise DomainError(f"domain file {path} is not valid YAML") from exc
    if not isinstance(raw, dict):
        raise DomainError(f"domain file {path}: expected 'key: value' lines")

    def need(key: str, kind: type) -> Any:
        value = raw.get(key)
        if not isinstance(value, kind) or not value:
            raise DomainError(
                f"domain file {path}: field '{key}' is missing or not a {kind.__name__}"
            )
        return value

    kinds = {}
    for name, spec in need("member_kinds", dict).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("words"), list):
            raise DomainError(f"domain file {path}: member_kinds.{name} needs a 'words' list")
        kinds[str(name)] = MemberKind(
            str(name), str(spec.get("plural") or f"{name}s"), tuple(map(str, spec["words"]))
        )
    for pattern in [
        *need("organisation_words", list),
        *(w for k in kinds.values() for w in k.words),
    ]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise DomainError(f"domain file {path}: bad pattern {pattern!r}: {exc}") from exc
    return Domain(
        organisation=str(need("organisation", str)),
        organisation_words=tuple(map(str, raw["organisation_words"])),
        member_sentence=str(need("member_sentence", str)),
        member_kinds=kinds,
        assistant=dict(raw.get("assistant") or {}),
    )
