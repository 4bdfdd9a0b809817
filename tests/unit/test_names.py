"""Counting, listing and membership answered exactly from the profiles' metadata."""

from __future__ import annotations

import re


def test_fast_fuzzy_match_agrees_with_difflib_on_many_names():
    """close_match (rapidfuzz prefilter, difflib decides) gives difflib's own answer, also
    on a 20,000-name directory with near misses, so spelling fixes do not change at scale."""
    import difflib
    import random

    from app.answering.text import close_match

    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = list(
        dict.fromkeys("".join(rng.choices(letters, k=rng.randint(3, 14))) for _ in range(20_000))
    )
    names += ["huggingface", "sakanaai", "stabilityai", "anyscale"]
    queries = ["huggingfase", "sakna ai".replace(" ", ""), "stabiltyai", "anyscal", "zzzz"]
    for _ in range(150):  # slips of random names: drop, swap or change a letter
        w = list(rng.choice(names))
        i = rng.randrange(len(w))
        op = rng.choice("dsc")
        if op == "d" and len(w) > 3:
            del w[i]
        elif op == "s" and i + 1 < len(w):
            w[i], w[i + 1] = w[i + 1], w[i]
        else:
            w[i] = rng.choice(letters)
        queries.append("".join(w))
    for q in queries:  # difflib's best match at the lowest cutoff is its best at any higher
        # one it passes (one scan of the 20,000 names per query, not one per cutoff)
        best = difflib.get_close_matches(q, names, n=1, cutoff=0.8)
        score = difflib.SequenceMatcher(None, best[0], q).ratio() if best else 0.0
        for cutoff in (0.8, 0.85, 0.88):
            expected = best[0] if best and score >= cutoff else None
            assert close_match(q, names, cutoff) == expected, (q, cutoff)
    assert close_match("sakanai", names, 0.8) == "sakanaai"


def test_name_eraser_erases_what_the_name_regex_would():
    """NameEraser (a word lookup) removes the same names as one big alternation regex."""
    import random

    from app.answering.extractive import NameEraser

    names = {"Meta", "Meta AI", "Hugging Face", "Red Hat", "fast.ai", "AI", "Labs", "A*STAR"}
    names |= {f"Nova{i} Labs" for i in range(300)}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    regex = re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")
    rng = random.Random(3)
    vocab = [*sorted(names), "Metal", "Labsy", "pool", "together", ",", ".", "(Meta)", "AIs"]
    eraser = NameEraser(names)
    # a name followed by a word character is part of a longer word: "Meta AIs" keeps "AIs"
    for text in ("Meta AIs", "Nova1 Labsy and Meta AI.", "Red Hatter, Red Hat"):
        assert eraser(text) == regex.sub(" ", text), text
    assert eraser("Meta AIs") == "  AIs"  # "Meta" erased, "Meta AI" not
    for _ in range(500):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 12)))
        text = text.replace(" ,", ",").replace(" .", ".")
        assert eraser(text) == regex.sub(" ", text), text
