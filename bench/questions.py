"""Distinct benchmark questions: real ones answered by docs/, ones about synthetic members,
and a few out-of-scope ones. No question is timed twice."""

from __future__ import annotations

import random

from bench.corpus import Member

WARMUP = "Tell me about the AI Alliance."

REAL = [
    "When was the AI Alliance launched?",
    "Which companies announced the AI Alliance?",
    "How many founding members did the AI Alliance start with?",
    "What are the objectives of the AI Alliance?",
    "Which country is A*STAR based in?",
    "Where is CERN based?",
    "What kind of organisation is Hugging Face?",
    "Is Sony a member of the AI Alliance?",
    "What are the focus areas of the alliance?",
    "How is the AI Alliance governed?",
    "Which well-known AI companies were not founding members?",
    "How much do the members spend on research and development each year?",
    "Do members have to build open-source models to join?",
    "Which Japanese organisations are founding members?",
    "What does Cerebras do?",
    "In which country is MBZUAI?",
]
OUT_OF_SCOPE = [
    "What is the capital of Peru?",
    "How do I bake sourdough bread at home?",
    "Who won the 2018 football World Cup?",
    "What is the boiling point of ethanol?",
    "Which laptop should I buy for gaming?",
]
SYNTH_TEMPLATES = [
    "Which country is {name} based in?",
    "What kind of organisation is {short}?",
    "What does {name} work on?",
    "Where is {short} located?",
    "Tell me about {name}.",
    "Is {name} a university or a company?",
    "What research does {short} focus on?",
]


def synthetic_questions(members: list[Member], n: int, seed: int) -> list[str]:
    """``n`` questions about ``n`` different synthetic members, templates in rotation."""
    rng = random.Random(seed)
    chosen = rng.sample(members, min(n, len(members)))
    return [
        SYNTH_TEMPLATES[i % len(SYNTH_TEMPLATES)].format(name=m.name, short=m.short_name)
        for i, m in enumerate(chosen)
    ]


def question_set(members: list[Member], quick: bool, seed: int) -> list[tuple[str, str]]:
    """(kind, question) pairs: about 40 (16 real, 19 synthetic, 5 out of scope) or, with
    ``quick``, 16 (7 real, 6 synthetic, 3 out of scope). All distinct."""
    if quick:
        real, synth, oos = REAL[:7], synthetic_questions(members, 6, seed), OUT_OF_SCOPE[:3]
    else:
        real, synth, oos = REAL, synthetic_questions(members, 19, seed), OUT_OF_SCOPE
    pairs = [("real", q) for q in real] + [("synthetic", q) for q in synth]
    pairs += [("out of scope", q) for q in oos]
    random.Random(seed + 1).shuffle(pairs)  # interleave kinds, same order every run
    seen: set[str] = set()
    unique = []
    for kind, q in pairs:
        if q not in seen and q != WARMUP:
            seen.add(q)
            unique.append((kind, q))
    return unique
