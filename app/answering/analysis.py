"""What a question asks for: its answer type, the member kind or country it filters on, the
organisation whose membership it asks about, and a spelling-corrected form for retrieval."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches

from app.answering.directory import Member, MemberDirectory, norm
from app.answering.language import (
    AFTER_LAUNCH,
    BELONGING_CUE,
    CHAT_WORD,
    CHAT_WORDS,
    CONTRACTIONS,
    COUNTRIES_QUESTION,
    DESCRIBE,
    EVENT_KINDS,
    EVERY,
    FILLERS,
    FOUNDER_QUESTION,
    FOUNDER_VERB,
    FOUNDING,
    GROUP_CUE,
    GROUP_NOUNS,
    HOW_RUN,
    IDIOM,
    IDIOMS,
    JOINED_YEAR,
    KINDS_QUESTION,
    LATER_FILLER,
    LATER_MEMBERS,
    LEADING_THE,
    MEMBER_NOUNS_TEXT,
    MEMBERSHIP,
    MEMBERSHIP_TAIL,
    NOT_MEMBERS,
    NOT_SUBJECTS,
    OPENERS,
    QUESTION_WORD,
    SAID_BY_TEXT,
    SAYER,
    SENTENCE_GAP,
    TAG_QUESTION,
    THERE_IS,
    TOPIC_FIRST,
    TRYING_TO,
    TYPE_PATTERNS,
    VERBLESS_MEMBERSHIP,
    WHO_RUNS,
)
from app.answering.subject import ASKER_WORDS, FOUNDING_VERBS, Focus
from app.answering.text import close_match, content_words
from ingest.dates import in_name, span_in
from ingest.domain import Domain


def _expand(m: re.Match[str]) -> str:
    return f"{m.group(1)} is"


def _topic_first(m: re.Match[str]) -> str:
    """ "X - are they in the alliance?" as "are X in the alliance?" (its, their: "X's")."""
    topic = m["topic"].strip().split(" about ")[-1]  # "Tell me a bit about IAD - what ..."
    if len(topic.split()) > 4:  # a clause, not a name: "The objectives mention science
        return m.group(0)  # models - what example areas do they give?"
    said = f"{topic}'s" if m["pronoun"].lower() in ("its", "their") else topic
    return f"{m['before']}{said}{m['after']}"


# "Which lantern finalist was from Norway?" asks for finalists, not members: the words between
# "which" and the verb name what is listed
WHICH_THINGS = re.compile(
    r"^(?:which|what)\s+((?:[\w-]+\s+){1,4}?)(?:is|are|was|were|has|have|had|do|does|did"
    r"|come|comes|came|based|located|from|in)\b",
    re.I,
)
MEMBER_NOUNS = frozenset(MEMBER_NOUNS_TEXT.split()) | frozenset(
    "org company companies firm firms business businesses startup startups start-up start-ups"
    " university universities institute institutes institution institutions lab labs"
    " laboratory laboratories agency agencies body bodies entity entities partner partners"
    " one ones them those these founders".split()
)


# "Who approves new members?", "What welcomes members?": the members are what is done to,
# not what is asked for (not "Who are the new members?", "Who joined?")
ACTS_ON_MEMBERS = re.compile(
    r"^(?:who|what)\s+(?!(?:are|were|is|was|joined|joins?|has|have|had|became|becomes?|came"
    r"|comes?|else)\b)[a-z]+(?:s|ed)\s+(?:(?:the|new|its|all|any|our)\s+)*members?\b",
    re.I,
)


def _asks_other_things(question: str) -> bool:
    """ "Which finalist / team / speaker was from Norway?": not a question of members (nor
    of a slip of one: "univercities")."""
    if ACTS_ON_MEMBERS.match(question):  # "Who approves new members?": the approver
        return True
    m = WHICH_THINGS.match(question)
    words = set(m.group(1).lower().split()) if m else set()
    return bool(words) and not any(
        w in MEMBER_NOUNS or get_close_matches(w, MEMBER_NOUNS, n=1, cutoff=0.8) for w in words
    )


WORD = re.compile(r"[A-Za-z]+")
MEMBERS_ASKED = re.compile(r"\b(?:members?|membership|organi[sz]ations|alliance|it)\b", re.I)
WORD_CUTOFF = 0.84  # how close a slip must be to a corpus word to be read as it
NAME_CUTOFF = 0.9  # ... and a capitalised one (a name)


# a condition before what is asked, with or without its comma: "if a tool is listed does
# that mean it is certified?", "when I apply, do I need a partner?"
CONDITION_FIRST = re.compile(
    r"^(?:if|when|once|after|before)\s+(?!(?:is|are|was|were|do|does|did|can|could|will|would"
    r"|should|has|have)\b)\w+(?:(?!\b(?:what|which|who|whom|when|where|why|how)\b)[^?])*?[\s,]+"
    r"(?=(?:does|do|is|are|can|could|will|would"
    r"|should|did|was|were|has|have)\s+(?:that|this|it|they|he|she|i|we|you|the|my|our|a|an)\b)"
)


def _verbless_membership(m: re.Match[str]) -> str:
    """ "oracle a member??" asks "is oracle a member", "sakana - member or not?" asks "is
    sakana a member or not", "nvidia in the founding lineup?" "is nvidia in the ..."."""
    asked = m.group(2)
    if "founder" in asked.lower():  # "amazon a founder?": one of the founding members
        asked = "a founding member"
    article = "a " if asked.lower().startswith(("member", "founding member")) else ""
    return f"is {m.group(1)} {article}{asked}"


def _last_question(text: str) -> str:
    """The sentence that asks, when a message says something first."""
    parts = [p.strip() for p in SENTENCE_GAP.split(text.strip()) if p.strip()]
    asking = [p for p in parts if p.endswith("?")]
    return asking[-1] if len(parts) > 1 and asking else text


def _chat_word(m: re.Match[str]) -> str:
    word = m.group(0)
    found = CHAT_WORDS.get(word) or CHAT_WORDS.get(word.lower()) or CHAT_WORDS.get(word.upper())
    return found or word  # "r&d" is "R&D"


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
    member_kind: str | None = None  # "Is NASA one of the company members?": the kind asked
    region: str | None = None  # "Europe", "the Middle East": as the question names it
    region_countries: set[str] | None = None  # the directory's countries in that region
    founding: bool | None = None  # True: founding members; False: those who joined later
    joined_year: str | None = None  # "Which organisations joined in 2024?": "2024"
    joined_span: tuple[str, str] | None = None  # ... its first and last day (ISO)
    kinds: bool = False  # asks what kinds of members there are
    countries: bool = False  # asks which countries the members come from
    about_org: bool = False  # asks what the organisation is, or what it was set up for
    founding_asked: bool = False  # who founded it, or when it was founded: any such verb
    every: bool = False  # "Are all the founding members American?"
    kind_named: bool = False  # the kind is predicated: "Is Sony a (Japanese) company?"
    names_org: bool = False  # the question names the organisation itself ("the alliance")
    org_words: set[str] = field(default_factory=set)  # the organisation's name, as words
    focus: Focus = field(default_factory=Focus)  # what a fact must be about (set by rank)
    members: list[Member] = field(default_factory=list)
    unknown_words: list[str] = field(default_factory=list)
    # capitalised words the materials never use: "the Quantum Computing Working Group"
    unknown_names: list[str] = field(default_factory=list)
    content_words: list[str] = field(default_factory=list)

    @property
    def unknown_share(self) -> float:
        return len(self.unknown_words) / len(self.content_words) if self.content_words else 0.0


class QuestionAnalyzer:
    def __init__(
        self, directory: MemberDirectory, vocabulary: set[str], tokenize, domain: Domain
    ) -> None:
        self.directory = directory
        self.kind_aliases = domain.kind_words()
        self.names_org = domain.names_organisation
        self.org_words = content_words(domain.organisation)
        org = "|".join(domain.organisation_words)
        # a count or list over the directory asks who belongs, not who did something
        self.belonging_cue = re.compile(BELONGING_CUE.format(org=org), re.I)
        self.membership_tail = re.compile(MEMBERSHIP_TAIL.format(org=org), re.I)
        self.vocabulary = vocabulary
        self.tokenize = tokenize
        # the words of the members' names: a capitalised slip may be corrected into one
        self._name_words = {
            t for m in directory.members for t in tokenize(f"{m.name} {m.short_name}")
        }
        self._by_initial: dict[str, list[str]] = {}
        for word in vocabulary:
            if len(word) >= 4 and word.isalpha():
                self._by_initial.setdefault(word[0], []).append(word)

    def analyze(self, question: str) -> Analysis:
        q = question.strip()
        typed = CHAT_WORD.sub(_chat_word, CONTRACTIONS.sub(_expand, OPENERS.sub("", q) or q))
        typed = IDIOM.sub(_idiom, FILLERS.sub("", typed))
        typed = TRYING_TO.sub(r"what are the objectives of \1", HOW_RUN.sub(r"\1governed", typed))
        typed = VERBLESS_MEMBERSHIP.sub(_verbless_membership, typed)
        typed = TOPIC_FIRST.sub(_topic_first, typed)
        typed = TAG_QUESTION.sub(lambda m: f"{m['aux']} {m['subject']} {m['rest']}?", typed)
        if GROUP_NOUNS.search(typed):  # "Who runs the X group?" (a programme is run by a member)
            typed = WHO_RUNS.sub(lambda m: m.group(1) + ("leads" if m.group(2) else "led"), typed)
        corrected, unknown, content = self._correct(typed)
        a = Analysis(question=q, corrected=corrected, unknown_words=unknown, content_words=content)
        a.unknown_names = [
            m.group(0)
            for m in re.finditer(r"(?<=\s)[A-Z][A-Za-z0-9&*'-]{4,}", corrected)
            if set(self.tokenize(m.group(0))) & set(unknown)
            and not self.directory.geography.names_place(m.group(0))
        ]  # not an abbreviation ("Univ", "UK")
        a.unknown_names += [  # "the hackathon" when no document has one
            m.group(0)
            for m in EVENT_KINDS.finditer(corrected)
            if set(self.tokenize(m.group(0))) & set(unknown)
        ]
        low = corrected.lower()
        asked = _last_question(low)  # "INSAIT is a member. Where is it located?": the last
        asked = CONDITION_FIRST.sub("", asked)  # "if X is listed, does that mean ...?": the ask
        a.qtype = next((t for t, p in TYPE_PATTERNS if re.search(p, asked)), "what")
        a.members = self.directory.mentioned(corrected)
        a.kind = _match(corrected, self.kind_aliases, self.directory.kinds)
        a.names_org = bool(self.names_org.search(corrected))
        if a.qtype == "quote":  # what the alliance or a text says is in its words
            sayer = re.match(SAYER, asked)
            if sayer and (SAID_BY_TEXT.match(sayer[1]) or self.names_org.search(sayer[1])):
                a.qtype = "what"
        if a.kind:
            words = "|".join(self.kind_aliases.get(a.kind, [re.escape(a.kind)]))
            a.kind_named = bool(
                re.search(rf"\ban?\s+(?:[\w-]+\s+){{0,2}}(?:{words})\b", corrected, re.I)
            )
        a.org_words = self.org_words
        geo = self.directory.geography
        a.country = geo.country_in(corrected)
        region = None if a.country else geo.region_in(corrected)
        if region:
            a.region, a.region_countries = region
        a.founding = True if FOUNDING.search(corrected) else None
        if LATER_MEMBERS.search(corrected):
            a.founding = False
        joining = JOINED_YEAR.search(corrected)  # "joined in the first half of 2024"
        period = span_in(joining.group(0)) if joining else None
        if period:
            a.joined_year, a.joined_span = period[2], period[:2]
        a.every = bool(EVERY.search(corrected))
        a.kinds = bool(KINDS_QUESTION.search(corrected)) and not a.members and a.kind is None
        a.countries = (  # "How many countries are the members from?" (not one member's)
            bool(COUNTRIES_QUESTION.search(corrected))
            and bool(MEMBERS_ASKED.search(corrected))  # not "participants came from ..."
            and not a.members
            and not a.country
        )
        filtered = a.kind or a.country or a.region or a.joined_year or a.founding is False
        a.group = bool(
            filtered
            and not a.members
            and (GROUP_CUE.search(corrected) or not QUESTION_WORD.search(corrected))
            and (
                self.belonging_cue.search(corrected)  # "anyone from India?": who belongs
                or (bool(a.country or a.region) and " from " in f" {low} ")
            )
            and a.qtype not in ("why", "how")  # reasons and procedures are no lists
            and not NOT_MEMBERS.search(corrected)  # "Which companies were not members?"
            and (a.kind is not None or not _asks_other_things(corrected))
            and (
                a.qtype != "yesno"
                or THERE_IS.search(corrected) is not None
                or a.every
                or bool({"anyone", "anybody", "any"} & set(low.split()))  # "Is anyone from X?"
            )
        )
        if not a.group:
            self._membership(a)
        if (
            a.qtype == "what"
            and len(a.members) == 1
            and DESCRIBE.search(corrected)
            and not _asks_attribute(corrected, a.members[0], self.org_words)
        ):
            a.qtype = "describe"
        if (
            FOUNDER_QUESTION.search(corrected)
            and not a.members
            and not (content_words(corrected) - QUESTION_WORDS - FOUNDING_WORDS - ASKER_WORDS)
        ):  # "Who were the founders?" names nothing else: the organisation's founders
            a.names_org = True
        a.founding_asked = bool(FOUNDER_QUESTION.search(corrected)) or (
            a.qtype == "when"
            and a.names_org
            and not a.members
            and bool(FOUNDER_VERB.search(corrected))
        )  # "When did the alliance start?": "launched on", "announced on" say so too
        if (  # "What is the AI Alliance (about)?", "Why was the alliance set up?": what the
            # organisation says it is, and what for
            a.names_org
            and (
                (a.qtype == "what" and not a.members and DESCRIBE.search(corrected))
                or (a.qtype == "why" and FOUNDER_VERB.search(corrected))  # its founders named
            )
            and not content_words(corrected)
            - DESCRIBE_WORDS
            - self.org_words
            - ASKER_WORDS
            - FOUNDING_WORDS
            - QUESTION_WORDS
            - {w for m in a.members for w in content_words(f"{m.name} {m.short_name}")}
        ):
            a.qtype, a.about_org = "describe", True
        return a

    def _membership(self, a: Analysis) -> None:
        text = a.corrected.rstrip(" ?.!")
        if len(a.members) == 1:  # "Is Partnership on AI in the alliance?": a name with "on"
            member = a.members[0]
            for alias in sorted({member.name, member.short_name}, key=len, reverse=True):
                text = re.sub(re.escape(alias), "MEMBERNAME", text, flags=re.I)
        for pattern in MEMBERSHIP:
            m = pattern.match(text)
            if not m or not self.membership_tail.search(m.group("tail").strip()):
                continue
            subject = LEADING_THE.sub("", m.group("x").strip())
            if len(a.members) == 1:
                subject = subject.replace("MEMBERNAME", a.members[0].short_name)
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
            a.member_kind = _match(m.group("tail"), self.kind_aliases, self.directory.kinds)
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
            if self.directory.geography.names_place(word):
                return word  # "Finnish", "Vietnamese": a place, not a slip for "finish"
            if len(word) >= 5 and word.isalpha():
                # a capitalised word is a name: corrected into a member's name word, or
                # into another word only when very close ("Sakanna")
                named = match.start() > 0 and word[0].isupper()
                close = close_match(tokens[0], self._by_initial.get(tokens[0][0], []), WORD_CUTOFF)
                if not named:  # "chiar", "memebrs": two letters swapped, the commonest slip
                    close = self._transposed(tokens[0]) or close
                if named and close and close not in self._name_words:
                    # "Stabilty" is Stability AI's; "Apple" is no slip for "applications"
                    close = close_match(tokens[0], [close], NAME_CUTOFF)
                if close:  # a stem: given the word's own ending ("aliance" -> "alliance")
                    low = word.lower()
                    return close + low[len(tokens[0]) :] if low.startswith(tokens[0]) else close
                member = self.directory.find(word, cutoff=0.85)
                if member:  # "HuggingFace", "hugingface": written as the member's name
                    return member.short_name
            unknown.append(tokens[0])
            return word

        question = self._two_word_names(question)
        corrected = re.sub(r"[A-Za-z][A-Za-z0-9&*'-]*|\d+", fix, question)
        return corrected, unknown, content

    def _two_word_names(self, question: str) -> str:
        """A member's two-word name written with a slip in one word ("huging face", "hugging
        fase"): the member's name, found by the two words together (one word alone is too
        short to be sure of: "huging" is read as "huge")."""
        words = list(WORD.finditer(question))
        out, last, i = [], 0, 0
        while i + 1 < len(words):
            first, second = words[i], words[i + 1]
            pair = question[first.start() : second.end()]
            member = None
            if (
                min(len(first.group()), len(second.group())) >= 3  # not "huggingface a"
                and not all(
                    t in self.vocabulary
                    for w in (first.group(), second.group())
                    for t in self.tokenize(w)
                )
                and self.directory.find(first.group(), cutoff=0.85) is None  # one word will do
            ):
                member = self.directory.find(pair, cutoff=0.9)
            if (
                member is not None
                and len(member.name.split()) == 2
                and norm(member.name)[:1] == norm(first.group())[:1]  # a slip keeps it
            ):
                out += [question[last : first.start()], member.name]
                last, i = second.end(), i + 2
            else:
                i += 1
        return "".join([*out, question[last:]])

    def _transposed(self, token: str) -> str | None:
        """The corpus word ``token`` is with two neighbouring letters swapped back."""
        for i in range(1, len(token) - 1):  # a slip keeps the first letter
            swapped = f"{token[:i]}{token[i + 1]}{token[i]}{token[i + 2 :]}"
            if swapped != token and swapped in self.vocabulary:
                return swapped
        return None

    def _member_spelling(self, word: str, start: int) -> str | None:
        """A capitalised word that is a slip in a member's name ("Anyscal"), even when its
        stem is a corpus word: the member's name. The question's first word is left alone."""
        base = re.sub(r"'s$", "", word)
        if start == 0 or len(base) < 5 or not base[0].isupper() or self.directory.is_name(base):
            return None
        member = self.directory.find(base, cutoff=0.88)
        if member is None or not any(
            norm(n.lower().removeprefix("the "))[:1] == norm(base)[:1]
            for n in (member.short_name, member.name)
        ):  # a slip keeps the first letter: "Tokyo" is a city, not a slip for "UTokyo"
            return None
        return member.short_name


# words that ask what a member is, not about one of its attributes
DESCRIBE_WORDS = content_words(
    "kind type sort organisation organization entity institution body member company tell me us "
    "about describe known best do make build work on offer provide focus among founding members "
    "point nutshell brief briefly short summary summarise summarize overview quick mission "
    "purpose aim"
)


QUESTION_WORDS = content_words("why what who how when where which did does do was were is are")
FOUNDING_WORDS = FOUNDING_VERBS | {"set", "up"}


def _asks_attribute(question: str, member: Member, org_words: set[str]) -> bool:
    """ "What was Cerebras Systems' revenue in 2023?" asks for an attribute, not what the
    member is: a content word beyond the member's name and the describing words."""
    named = content_words(f"{member.name} {member.short_name}")
    return bool(content_words(question) - named - DESCRIBE_WORDS - org_words - ASKER_WORDS)


def _match(text: str, aliases: dict[str, list[str]], known: list[str]) -> str | None:
    """The first known value (a member kind) the text names, in any case (country codes
    such as "US", which must be written in capitals, are the geography's)."""
    for value in known:
        for part in aliases.get(value, [re.escape(value.lower())]):
            for m in re.finditer(rf"(?<![\w-])(?:{part})(?![\w-])", text, re.I):
                if not _in_name(text, m.start()):
                    return value
    return None


def _idiom(m: re.Match[str]) -> str:
    """An idiom in the materials' words, except "behind" a name other than the alliance's
    ("Which member is behind Ray?" asks whose Ray is, not who launched it); "came out" is
    "was released" in a question of when."""
    said = m.group(0)
    if said.lower().endswith("out") and not m.string.lower().startswith("when"):
        return said  # "came out" is released when its date is asked, not "on schedule?"
    after = m.string[m.end() :].split()[:1]
    if said.lower().endswith("behind") and after and after[0][:1].isupper():
        if after[0] not in ("AI", "The", "This", "It"):
            return said
    return IDIOMS[said.lower()]


def _in_name(text: str, at: int) -> bool:
    """The capitalised word at ``at`` ends a name ("the Flatiron Institute", "Simons
    Foundation"), after a capitalised word (``ingest.dates.in_name``) of letters."""
    return text[at : at + 1].isupper() and in_name(text, at) and text[:at].split()[-1].isalpha()
