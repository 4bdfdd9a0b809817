"""What a question asks for: its answer type, the member kind or country it filters on, the
organisation whose membership it asks about, and a spelling-corrected form for retrieval."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.directory import Member, MemberDirectory
from app.text import close_match, content_words

# Each alias is a regex; one written with capitals ("USA") matches case-sensitively.
KIND_ALIASES: dict[str, list[str]] = {
    "company": [
        r"compan(?:y|ies)",
        r"firms?",
        r"business(?:es)?",
        r"corporations?",
        r"start-?ups?",
    ],
    "university": [r"universit(?:y|ies)", r"colleges?", r"academic institutions?"],
    "research institute": [
        r"research (?:institutes?|institutions?|centres?|centers?|labs?)",
        r"institutes?",
        r"laborator(?:y|ies)",
    ],
    "government agency": [
        r"government(?:al)? (?:agenc(?:y|ies)|bod(?:y|ies)|organi[sz]ations?)",
        r"agenc(?:y|ies)",
    ],
    "non-profit": [
        r"non-?profits?",
        r"not-for-profits?",
        r"non profits?",
        r"charit(?:y|ies)",
        r"foundations?(?!\s+models?)",
    ],
}
COUNTRY_ALIASES: dict[str, list[str]] = {
    "United States": [r"united states", r"u\.s\.(?:a\.)?", r"america", r"american", r"USA?"],
    "United Kingdom": [
        r"united kingdom",
        r"britain",
        r"british",
        r"england",
        r"english",
        r"UK",
        r"u\.k\.",
    ],
    "United Arab Emirates": [r"united arab emirates", r"emirati", r"UAE"],
    "Japan": [r"japan(?:ese)?"],
    "Switzerland": [r"switzerland", r"swiss"],
    "Germany": [r"germany", r"german"],
    "Finland": [r"finland", r"finnish"],
    "India": [r"india", r"indian"],
    "Israel": [r"israel(?:i)?"],
    "Italy": [r"italy", r"italian"],
    "Bulgaria": [r"bulgaria(?:n)?"],
    "Singapore": [r"singapore(?:an)?"],
    "Vietnam": [r"viet ?nam(?:ese)?"],
}
GROUP_CUE = re.compile(
    r"\b(how many|which|what|list|name|who are|show|give|(?:is|are|was|were) there|count)\b",
    re.I,
)
# a count or list over the directory asks who belongs, not who did something
BELONGING_CUE = re.compile(
    r"member|belong|part of|\bin the (?:ai )?alliance|are there"
    r"|\b(?:are|is)\s+(?:based|from|located)|\bjoined\b|^(?:list|name|count|how many)\b"
    r"|^which \w+(?: \w+)? are\b",
    re.I,
)
MEMBERSHIP = [
    re.compile(
        r"^(?:is|are|was|were)\s+(?P<x>.+?)\s+(?:(?:also\s+)?(?:a|an|one of the|one of|among"
        r" the|among|part of|in|included in|on|listed as|listed among)\s+)+(?P<tail>.*)$",
        re.I,
    ),
    re.compile(
        r"^(?:did|does|has|have)\s+(?P<x>.+?)\s+(?P<tail>(?:join|sign|belong|become).*)$", re.I
    ),
]
# "Are there members from Japan?", "Was there a founding member from India?": a list
THERE_IS = re.compile(r"^(?:is|are|was|were)\s+there\b", re.I)
# the directory lists members; who is not one is for the announcements to say
NOT_MEMBERS = re.compile(
    r"\b(?:not|never|no longer|outside|left out|sat (?:it )?out|missing|absent)\b|n['’]t\b",
    re.I,
)
# "Was there a founding member from India?" names nobody
NOT_SUBJECTS = {"it", "they", "this", "that", "he", "she", "there", "any", "anyone", "anybody",
                "someone", "somebody", "one"}  # fmt: skip
# membership asked about a time after the launch, which the materials do not cover
AFTER_LAUNCH = re.compile(
    r"\b(?:later|since then|since the launch|after the launch|afterwards|eventually|ever"
    r"|end(?:ed)? up|by now|yet|still|currently|today|now|20(?:2[4-9]|[3-9]\d))\b",
    re.I,
)
LATER_FILLER = re.compile(r"\s+(?:ever|eventually|later|finally|end(?:ed)? up|since)$", re.I)
MEMBERSHIP_TAIL = re.compile(
    r"member|founding|founder|^(?:the\s+)?(?:ai\s+)?alliance\W*$|^join|^sign|^belong|^become", re.I
)
DESCRIBE = re.compile(
    r"^(?:what|who)\s+(?:is|are|was)\s+(?:the\s+)?[^,;]{1,60}\??$"
    r"|\bwhat (?:kind|type|sort) of (?:an? )?(?:organi[sz]ation|entity|institution|body|member)"
    r"|^(?:tell me about|describe)\b",
    re.I,
)
# contractions typed without the apostrophe ("whats the point", "hows it governed")
CONTRACTIONS = re.compile(r"\b(what|where|who|how|when)s\b", re.I)


def _expand(m: re.Match[str]) -> str:
    return f"{m.group(1)} is"


TYPE_PATTERNS = [
    ("why", r"^why\b"),
    ("count", r"\bhow many\b|\bheadcount\b|\bnumber of (?:employees|staff|people|members)\b"),
    ("amount", r"\bhow much\b"),
    (
        "amount",  # "What was Cerebras Systems' revenue in 2023?": a sum of money
        r"^(?:what|which)\b[^?]*\b(?:revenues?|budgets?|funding|fees?|prices?|costs?"
        r"|salar(?:y|ies)|valuations?|turnover|spending|income|profits?)\b",
    ),
    (
        "when",  # "When ...", "In what year ...", "What was the launch date of ..."
        r"^(?:when|what (?:day|date|year|month))\b|\bwhat date\b|\bwhich (?:day|date|year)\b"
        r"|^(?:in |on )?(?:what|which)\b[^?]*\b(?:date|day|year|month)\b",
    ),
    ("where", r"^where\b|\b(?:which|what) (?:country|city|town)\b|\bbased\b.*\?$"),
    (
        "org",
        r"^(?:which|what)\s+(?:(?!(?:types?|kinds?|sorts?|does|do|did|is|are|was|were|has|have"
        r"|had|can|could|will|would)\b)[\w-]+\s+){0,3}?"
        r"(?:organi[sz]ations?|compan(?:y|ies)|firms?"
        r"|institutions?|universit(?:y|ies))\b",
    ),
    ("who", r"^who\b"),
    (
        "how",  # how the asker can do something: a procedure
        r"^how\s+(?:to\b|(?:can|could|do|does|should|would|may|might)\s+"
        r"(?:i|we|you|my|our|one|a|an|someone|anyone)\b)"
        r"|\bhow\s+(?:can|could|do|should)\s+(?:i|we)\b"
        r"|\b(?:what|which)\s+are\s+the\s+(?:\w+\s+)?(?:steps|procedures?)\b",
    ),
    ("yesno", r"^(?:is|are|was|were|do|does|did|can|could|has|have|had|will|would|should)\b"),
]


@dataclass
class Analysis:
    question: str
    corrected: str
    qtype: str = "what"
    kind: str | None = None
    country: str | None = None
    group: bool = False  # a count or list over the member directory
    subject: str | None = None  # organisation whose membership is asked about
    subject_member: Member | None = None
    after_launch: bool = False  # membership asked about a time after the launch
    members: list[Member] = field(default_factory=list)
    unknown_words: list[str] = field(default_factory=list)
    content_words: list[str] = field(default_factory=list)

    @property
    def unknown_share(self) -> float:
        return len(self.unknown_words) / len(self.content_words) if self.content_words else 0.0


class QuestionAnalyzer:
    def __init__(self, directory: MemberDirectory, vocabulary: set[str], tokenize) -> None:
        self.directory = directory
        self.vocabulary = vocabulary
        self.tokenize = tokenize
        self._by_initial: dict[str, list[str]] = {}
        for word in vocabulary:
            if len(word) >= 4 and word.isalpha():
                self._by_initial.setdefault(word[0], []).append(word)

    def analyze(self, question: str) -> Analysis:
        q = question.strip()
        corrected, unknown, content = self._correct(CONTRACTIONS.sub(_expand, q))
        a = Analysis(question=q, corrected=corrected, unknown_words=unknown, content_words=content)
        low = corrected.lower()
        a.qtype = next((t for t, p in TYPE_PATTERNS if re.search(p, low)), "what")
        a.members = self.directory.mentioned(corrected)
        a.kind = _match(corrected, KIND_ALIASES, self.directory.kinds)
        a.country = _match(corrected, COUNTRY_ALIASES, self.directory.countries)
        a.group = bool(
            (a.kind or a.country)
            and not a.members
            and GROUP_CUE.search(corrected)
            and BELONGING_CUE.search(corrected)
            and a.qtype not in ("why", "how")  # reasons and procedures are no lists
            and not NOT_MEMBERS.search(corrected)  # "Which companies were not members?"
            and (a.qtype != "yesno" or THERE_IS.search(corrected) is not None)
        )
        if not a.group:
            self._membership(a)
        if (
            a.qtype == "what"
            and len(a.members) == 1
            and DESCRIBE.search(corrected)
            and not _asks_attribute(corrected, a.members[0])
        ):
            a.qtype = "describe"
        return a

    def _membership(self, a: Analysis) -> None:
        text = a.corrected.rstrip(" ?.!")
        for pattern in MEMBERSHIP:
            m = pattern.match(text)
            if not m or not MEMBERSHIP_TAIL.search(m.group("tail").strip()):
                continue
            subject = re.sub(r"^(?:the)\s+", "", m.group("x").strip(), flags=re.I)
            subject = LATER_FILLER.sub("", subject).strip()  # "Microsoft end up" -> Microsoft
            if len(subject) < 2 or subject.lower() in NOT_SUBJECTS:
                return
            a.subject = subject
            a.subject_member = self.directory.find(subject)
            if a.subject_member is None:  # "SoftBank's SB Intuitions": a name inside
                named = self.directory.mentioned(subject)
                a.subject_member = named[0] if len(named) == 1 else None
            a.qtype = "membership"
            a.after_launch = bool(AFTER_LAUNCH.search(text))
            return

    def _correct(self, question: str) -> tuple[str, list[str], list[str]]:
        """Replace words unknown to the corpus by their closest known spelling; report the
        content words that stay unknown (a sign the materials do not cover the question)."""
        unknown: list[str] = []
        content: list[str] = []

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            tokens = self.tokenize(word)
            if not tokens:
                return word
            content.append(tokens[0])
            name = self._member_spelling(word, match.start())
            if name:
                return name
            if all(t in self.vocabulary for t in tokens):
                return word
            if len(word) >= 5 and word.isalpha():
                close = close_match(tokens[0], self._by_initial.get(tokens[0][0], []), 0.84)
                if close:
                    return close
                member = self.directory.find(word, cutoff=0.85)
                if member:  # "HuggingFace", "hugingface": written as the member's name
                    return member.short_name
            unknown.append(tokens[0])
            return word

        corrected = re.sub(r"[A-Za-z][A-Za-z0-9&*'-]*|\d+", fix, question)
        return corrected, unknown, content

    def _member_spelling(self, word: str, start: int) -> str | None:
        """A capitalised word that is a slip in a member's name ("Anyscal"), even when its
        stem is a corpus word: the member's name. The question's first word is left alone."""
        base = re.sub(r"'s$", "", word)
        if start == 0 or len(base) < 5 or not base[0].isupper() or self.directory.is_name(base):
            return None
        member = self.directory.find(base, cutoff=0.88)
        return member.short_name if member else None


# words that ask what a member is, not about one of its attributes
DESCRIBE_WORDS = content_words(
    "kind type sort organisation organization entity institution body member company tell me "
    "about describe known best"
)


def _asks_attribute(question: str, member: Member) -> bool:
    """ "What was Cerebras Systems' revenue in 2023?" asks for an attribute, not what the
    member is: a content word beyond the member's name and the describing words."""
    named = content_words(f"{member.name} {member.short_name}")
    return bool(content_words(question) - named - DESCRIBE_WORDS)


def _match(text: str, aliases: dict[str, list[str]], known: list[str]) -> str | None:
    """The first known value (kind or country) the text names. Alias parts written in
    capitals ("USA", "UK") match case-sensitively so that "us" the pronoun is no country."""
    for value in known:
        for part in aliases.get(value, [re.escape(value.lower())]):
            flags = 0 if re.search(r"[A-Z]", part) else re.I
            if re.search(rf"(?<![\w-])(?:{part})(?![\w-])", text, flags):
                return value
    return None
