"""Synthetic corpora, generated at run time from word lists with a seeded ``random.Random``
(same seed, same corpus). Files look like the real member profiles in ``docs/members``."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

REAL_DOCS = Path(__file__).resolve().parent.parent / "docs"
SYNTH_DIR = Path("synthetic") / "members"

SYLLABLES = (
    "ka vor na tes sa ro li min qua del ven tor ris ba lo zen trix mar co fi nel ar "
    "dun ha si pel gor an tu mi ve ra kel ost bri ca sol um ne"
).split()
KINDS = {
    "company": ("{r} Technologies", "{r} Systems", "{r} Analytics"),
    "start-up": ("{r} Labs", "{r} AI", "{r} Robotics"),
    "university": ("University of {r}", "{r} Institute of Technology", "{r} University"),
    "research institute": ("{r} Research Institute", "{r} Centre for Computing"),
    "non-profit organisation": ("{r} Foundation", "{r} Open Collective"),
    "government agency": ("National {r} Agency", "{r} Science Office"),
}
COUNTRIES = (
    "Portugal", "Chile", "Kenya", "Norway", "Vietnam", "Morocco", "Uruguay", "Estonia",
    "Ghana", "New Zealand", "Poland", "Peru", "Malaysia", "Ireland", "Croatia", "Jordan",
)  # fmt: skip
CITIES = (
    "the capital", "a coastal city", "a university town", "the north", "the south",
    "several regional hubs", "a former industrial district", "two campuses",
)  # fmt: skip
TOPICS = (
    "speech recognition", "protein folding", "climate modelling", "robot planning",
    "medical imaging", "low-resource languages", "model evaluation", "energy-efficient chips",
    "data provenance", "federated learning", "AI safety testing", "materials discovery",
    "agricultural forecasting", "code generation", "privacy-preserving analytics",
)  # fmt: skip
GOALS = (
    "share open benchmarks", "co-develop open models", "train new researchers",
    "publish safety tools", "pool compute for academic labs", "build shared datasets",
)  # fmt: skip
ARTIFACTS = ("open datasets", "evaluation suites", "training recipes", "reference hardware",
             "tutorials", "model cards")  # fmt: skip
GROUPS = ("trust and safety", "open models", "hardware enablement", "skills and education",
          "advocacy", "climate and sustainability")  # fmt: skip
PARTNERS = ("hospitals", "city governments", "start-ups", "universities", "farm cooperatives",
            "public broadcasters")  # fmt: skip


@dataclass(frozen=True)
class Member:
    name: str
    short_name: str
    kind: str
    country: str
    topic: str
    slug: str


def _root(rng: random.Random, used: set[str]) -> str:
    while True:
        parts = rng.choices(SYLLABLES, k=rng.choice((2, 3, 3, 4)))
        root = "".join(parts).capitalize()
        if root not in used:
            used.add(root)
            return root


def generate_members(n: int, seed: int) -> list[Member]:
    """``n`` members with unique names (unique generated roots)."""
    rng = random.Random(seed)
    used: set[str] = set()
    out = []
    for _ in range(n):
        root = _root(rng, used)
        kind = rng.choice(list(KINDS))
        name = rng.choice(KINDS[kind]).format(r=root)
        slug = "-".join(name.lower().split())
        out.append(Member(name, root, kind, rng.choice(COUNTRIES), rng.choice(TOPICS), slug))
    return out


def sentences(m: Member, rng: random.Random) -> list[str]:
    """3-5 varied sentences about ``m``; the first always states kind and country."""
    extra = [
        f"It works on {m.topic} and {rng.choice(TOPICS)}.",
        f"{m.short_name} joined the alliance in {rng.choice((2024, 2025))} to {rng.choice(GOALS)}.",
        f"Its teams in {rng.choice(CITIES)} of {m.country} focus on {m.topic}.",
        f"The organisation has about {rng.randrange(20, 2000, 10)} researchers and works "
        f"closely with {rng.choice(PARTNERS)}.",
        f"{m.short_name} contributes {rng.choice(ARTIFACTS)} to the alliance's "
        f"{rng.choice(GROUPS)} working group.",
        f"Its best known project applies {rng.choice(TOPICS)} to problems raised by "
        f"{rng.choice(PARTNERS)}.",
    ]
    first = f"{m.name} ({m.short_name}) is a {m.kind} based in {m.country}."
    return [first, *rng.sample(extra, rng.randint(2, 4))]


def profile_markdown(m: Member, rng: random.Random) -> str:
    title = f"{m.name} ({m.short_name})"
    front = "\n".join(
        [
            "---",
            "doc_type: member_profile",
            f'title: "{title}"',
            f'name: "{m.name}"',
            f'short_name: "{m.short_name}"',
            f'kind: "{m.kind}"',
            f'country: "{m.country}"',
            "---",
        ]
    )
    return f"{front}\n\n# {title}\n\n{' '.join(sentences(m, rng))}\n"


def directory_markdown(members: list[Member], number: int, rng: random.Random) -> str:
    """Several members in one file, one ``##`` section (about one chunk) each."""
    title = f"Member directory, part {number}"
    parts = ["---", "doc_type: member_profile", f'title: "{title}"', "---", "", f"# {title}"]
    for m in members:
        parts += ["", f"## {m.name} ({m.short_name})", "", " ".join(sentences(m, rng))]
    return "\n".join(parts) + "\n"


def write_synthetic(root: Path, members: list[Member], seed: int, per_file: int = 1) -> int:
    """Write ``members`` under ``root/synthetic/members``; returns the number of files."""
    rng = random.Random(seed + 1)
    folder = root / SYNTH_DIR
    folder.mkdir(parents=True, exist_ok=True)
    if per_file <= 1:
        for m in members:
            (folder / f"{m.slug}.md").write_text(profile_markdown(m, rng), encoding="utf-8")
        return len(members)
    files = 0
    for start in range(0, len(members), per_file):
        files += 1
        text = directory_markdown(members[start : start + per_file], files, rng)
        (folder / f"directory-{files:05d}.md").write_text(text, encoding="utf-8")
    return files


def copy_real_docs(dest: Path) -> None:
    """The real knowledge base (docs/) into ``dest`` (created if needed)."""
    shutil.copytree(REAL_DOCS, dest, dirs_exist_ok=True)


def profile_path(root: Path, m: Member) -> Path:
    return root / SYNTH_DIR / f"{m.slug}.md"


def edit_file(path: Path, rng: random.Random) -> None:
    """Change one document's content (one more sentence at the end of its body)."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    extra = f" In {rng.randint(2026, 2030)} it plans to expand its work on {rng.choice(TOPICS)}."
    path.write_text(text + extra + "\n", encoding="utf-8")
