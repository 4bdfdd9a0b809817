"""The English language rules, in one place: what words and phrasings mean to the
answerers (question types, negation, background clauses, dates, places, people, plans and
deeds). The domain's own vocabulary is in ``ingest/domains/``; the logic that applies these
rules is in the modules that import them."""

from __future__ import annotations

import re

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

DESCRIBE = re.compile(
    r"^(?:what|who)\s+(?:is|are|was)\s+(?:the\s+)?[^,;]{1,60}\??$"
    r"|\bwhat (?:kind|type|sort) of (?:an? )?(?:organi[sz]ation|entity|institution|body|member)"
    r"|^(?:tell me about|describe)\b",
    re.I,
)

# contractions typed without the apostrophe ("whats the point", "hows it governed")
CONTRACTIONS = re.compile(r"\b(what|where|who|how|when)s\b", re.I)

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

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

ANSWER_TYPES = {
    "when": re.compile(rf"\b(?:{MONTHS})\b|\b(?:19|20)\d\d\b"),
    # a count is a number that is not a year or a day of the month
    "count": re.compile(
        rf"\b(?!(?:19|20)\d\d\b)\d+\b(?!\s+(?:{MONTHS}))"
        r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen)\b",
        re.I,
    ),
    "amount": re.compile(
        r"[$€£]\s?\d|\b\d[\d,.]*\s*(?:%|percent|hundred|thousand|million|billion|trillion)"
        r"|\b(?:US )?dollars?\b|\beuros?\b",
        re.I,
    ),
    "why": re.compile(r"\b(?:because|since|so that|in order to|due to|aims? to|to help)\b", re.I),
}

# whole dates, so that "5 December 2023" and "6 December 2023" are two facts, not one
DATES = re.compile(
    rf"\b\d{{1,2}}\s+(?:{MONTHS})(?:,?\s+(?:19|20)\d\d)?"
    rf"|\b(?:{MONTHS})\s+\d{{1,2}}(?:,?\s+(?:19|20)\d\d)?"
    rf"|\b(?:{MONTHS})(?:\s+(?:19|20)\d\d)?|\b(?:19|20)\d\d\b"
)

CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+")  # a name, or a sentence's first word

# capitalised only for opening a sentence: not a name
STARTERS = set(
    "the a an when after before while as at in on it its this these those they their there "
    "many some several each every all most no none one".split()
)

CITY = re.compile(r"\b(?:city|town)\b", re.I)

# "where": a place in a sentence (a member's country is added from the directory)
PLACE = (
    r"\b(?:based|located|headquartered|held|hosted|takes place|took place|take place)\s+in\b"
    rf"|\bin\s+(?!(?:{MONTHS})\b)[A-Z][a-z]+"
)

ROLE_WORDS = re.compile(
    r"\b(ceo|chief|chair|lead|head|founde|president|director|manager|executive|spokes)"
)

# "who" is answered by a name or by a body of people ("a technical oversight committee")
BODIES = re.compile(
    r"\b(?:committee|board|council|panel|commission|secretariat|working groups?)s?\b", re.I
)

# groups of people or organisations that answer "who" ("its members", "governments")
PEOPLE = re.compile(
    r"\b(members|governments|researchers|developers|companies|universities|start-ups"
    r"|scientists|engineers|experts)\b",
    re.I,
)

# who holds a seat or a role in a body: answered by names, not by another body
SEATS = re.compile(
    r"^who\s+(?:(?:sits?|serves?)\s+on|chairs?|(?:is|are)\s+(?:on|in)\s+(?:the\s+)?\w+\s+board"
    r"|(?:is|are)\s+(?:the\s+)?members?\s+of)\b",
    re.I,
)

# "How can my company join?": a method or a step, not a mere statement that one can
PROCEDURE = re.compile(
    r"\b(?:by|through|via)\s+\w+ing\b|\b(?:apply|applying|applications?|submit|register"
    r"|sign(?:ing)? up|contact|visit|fill (?:in|out)|steps?|procedures?|process|forms?)\b",
    re.I,
)

# a question about what has been done ("Which benchmarks has it published so far?") ...
DONE = re.compile(
    r"\b(?:has|have)\s+(?:\w+\s+){0,4}?(?:\w+ed|\w+en|made|done|built|set up|won|held|led)\b"
    r"|\bso far\b|\bto date\b|\balready\b"
    r"|\b(?:right now|now|currently|today|at present|nowadays|these days)\b",  # the state now
    re.I,
)

# ... is not answered by a plan or an aim
INTENT = re.compile(
    r"\b(?:aims?|aimed|plans?|planned|planning|intends?|intended|will|meant to|seeks? to"
    r"|wants? to|objectives?|goals?)\b",
    re.I,
)

LEADING_CLAUSE = re.compile(
    r"^(?:when|whenever|after|before|while|since|as soon as|once|although|though|if|until"
    r"|whereas)\b[^,;:]*[,;:]\s*",
    re.I,
)

# a trailing non-restrictive modifier of the last noun: ", the open community that IBM and
# Meta launched on D", ", launched by IBM and Meta on D", ", which ..."
TRAILING_MODIFIER = re.compile(
    r",\s+(?:which|who|whose|where)\b[^,;]*[.!?]?$"
    r"|,\s+(?:the|an?)\s+[^,;]*?\b(?:that|which|who|whose)\b[^,;]*[.!?]?$"
    r"|,\s+(?:(?:the|an?)\s+[^,;]*?\s)?\w+(?:ed|en|wn)\s+by\b[^,;]*[.!?]?$",
    re.I,
)

PLURAL_ORGS = re.compile(
    r"\b(?:organi[sz]ations|companies|firms|institutions|universities)\b", re.I
)

NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|without)\b", re.I)

PRONOUN_START = re.compile(r"^(?:It|Its|This|These|They|Their|Such)\b")

PRONOUN = re.compile(
    r"\b(?:it|its|it's|they|them|their|this (?:organi[sz]ation|company|member|one)|that one)\b",
    re.I,
)

# templates: {org} is the domain's words for the organisation ("(?:the\s+)?(?:ai\s+)?alliance")
BELONGING_CUE = (
    r"member|belong|part of|\bin (?:{org})|are there"
    r"|\b(?:are|is)\s+(?:based|from|located)|\bjoined\b|^(?:list|name|count|how many)\b"
    r"|^which \w+(?: \w+)? are\b"
)
MEMBERSHIP_TAIL = r"member|founding|founder|^(?:{org})\W*$|^join|^sign|^belong|^become"
# joining the organisation (its own name is the domain's: ``Analysis.names_org``)
JOINING = re.compile(r"\b(?:join|joined|joining|member|members|membership)\b", re.I)
