"""The English language rules, in one place: what words and phrasings mean to the
answerers (question types, negation, background clauses, dates, places, people, plans and
deeds). The domain's own vocabulary is in ``ingest/domains/``; the logic that applies these
rules is in the modules that import them."""

from __future__ import annotations

import re

GROUP_CUE = re.compile(
    r"\b(how many|which|what|list|name|who|show|give|(?:is|are|was|were) there|count|all|any)\b",
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
# a message with none of these asks by its words alone ("european members?")
QUESTION_WORD = re.compile(r"\b(?:what|which|who|whom|whose|where|when|why|how)\b", re.I)
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
    r"|^(?:tell (?:me|us) about|describe)\b"
    r"|^what\s+(?:does|do|did)\s+.+\s+(?:do|make|build|work on|offer|provide|focus on)\??$"
    r"|\bknown for\b",
    re.I,
)

# contractions typed without the apostrophe ("whats the point", "hows it governed")
CONTRACTIONS = re.compile(r"\b(what|where|who|how|when)['’]?s\b", re.I)
# "Microsoft was part of the founding group, right?": a statement with a question tag asks
# yes or no; it is read as the question ("Was Microsoft part of the founding group?")
TAG_QUESTION = re.compile(
    r"^(?P<subject>[^,?]{2,60}?)\s+(?P<aux>is|are|was|were|has|have|had|can|will|does|do|did)\s+"
    r"(?P<rest>[^?]+?)\s*(?:,\s*|\s+(?=right\b|correct\b))(?:right|correct|yes|no|true"
    r"|(?:is|was|are|were|did|does|do|has|have)(?:n'?t| not) (?:it|they|he|she))\s*\?*\s*$",
    re.I,
)
# "kestrelwood analytics - are they in the alliance?", "CERN: where is it based?": a topic
# named first, then asked about with a pronoun (which stands for it)
TOPIC_FIRST = re.compile(
    r"^(?P<topic>[^-–—:,?]{2,60}?)\s*(?:\s[-–—]+\s*|:\s+)(?P<before>(?:[^?]*?\s)?)"
    r"(?P<pronoun>they|it|he|she|them|their|its)\b(?P<after>[^:–—]*)$",
    re.I,
)
# "oracle a member??": a membership question without its verb
VERBLESS_MEMBERSHIP = re.compile(
    r"^(?!(?:is|are|was|were|do|does|did|has|have|what|which|who|where|when|why|how)\b)"
    r"([^?.]{2,60}?)\s*[-–:]?\s+((?:an?\s+)?(?:founding\s+)?member(?:\s+or\s+not)?"
    r"|an?\s+(?:co-?)?founder"  # "amazon a founder?"
    r"|part\s+of\s+(?:the\s+)?(?:ai\s+)?alliance"
    r"|in\s+the\s+(?:ai\s+alliance|alliance|founding\s+(?:lineup|line-up|group|list))"
    r"(?:\s+at\s+(?:the\s+)?launch)?)"
    r"\s*[?!.]*\s*$",
    re.I,
)
# the space after a sentence's closing mark: a rough split of a message or a source line
SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+")
LEADING_THE = re.compile(r"^the\s+", re.I)  # "the Driftwood Summit" is the Driftwood Summit
# words that open a chat message without asking anything ("so what is ...", "ok but which")
# words before the question: "so", "hey", and polite requests ("can you list ...", "do you
# know who ...", "please tell me when ..."), which ask for what follows, not a yes or no
OPENERS = re.compile(
    r"^(?:(?:so|ok(?:ay)?|and|but|well|hey|hi|hmm+|um+|uh+|also|please|pls)\b[,\s]*"
    r"|(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?"
    r"(?=(?:list|tell|show|give|name|explain|describe|summari[sz]e)\b)"
    r"|(?:do|does)\s+(?:you|u|anyone)\s+know\s+(?=(?:who|what|when|where|which|how|why)\b)"
    r"|tell\s+(?:me|us)\s+(?=(?:who|what|when|where|which|how|why)\b))+",
    re.I,
)
# idioms for what the materials say in plain words ("What came out of the summit?")
IDIOMS = {
    "came out of": "were the results of",
    "come out of": "are the results of",
    "came out": "was released",  # "When did version 1.0 come out?": when it was released
    "come out": "be released",
    "comes out": "is released",
    "is behind": "launched",  # "Who's behind the alliance?": who launched it
    "are behind": "launched",
    "was behind": "launched",
    # "Which Swiss organisations were founders?": which were founding members (who "the
    # founders" were is who launched it)
    "were founders": "were founding members",
    "are founders": "are founding members",
    "founder members": "founding members",
    "founder member": "founding member",
    "at the moment": "now",  # "Who is the manager at the moment?": who is now
    "at present": "now",
    "kick off": "launch",  # "When did the alliance kick off?": when it was launched
    "kicked off": "launched",
    "sign up": "join",  # "When did X sign up?": when it joined
    "signed up": "joined",
    "signs up": "joins",
    # a title as people abbreviate it, as the materials write it out
    "ceo": "chief executive officer",
    "cto": "chief technology officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
}
IDIOM = re.compile(r"\b(?:" + "|".join(IDIOMS) + r")\b", re.I)
# "What is the alliance trying to achieve?": what its objectives are
TRYING_TO = re.compile(
    r"^what\s+(?:is|are|does|do|did|was|were)\s+(.+?)\s+(?:trying|want|wants|wanted|hoping|hope"
    r"|aiming|setting out|set out|meant)\s+to\s+(?:do|achieve|accomplish)\b",
    re.I,
)
# "How is the alliance run?": how it is governed
HOW_RUN = re.compile(r"^(how\s+(?:is|was)\s+.+?\s+)(?:run|managed)\b", re.I)
# idioms that stress a question without adding to it ("in the first place" is no ordinal)
FILLERS = re.compile(
    r",?\s+\b(?:in the first place|at all|exactly|basically|anyway|lol|lmao|haha)\b", re.I
)

# who is asked to have said something: "What did IBM's CEO say ...?"
SAYER = r"^what\s+(?:did|does|do|has|have)\s+(.+?)\s+(?:say|said|think|thinks|feel|feels)\b"
# ... not a document, an item of a list or the materials ("What does the hardware one say?")
SAID_BY_TEXT = re.compile(
    r"^(?:it|they|this|that|the\s+(?:[\w-]+\s+)?(?:one|announcement|document|report|objective"
    r"|materials|page|text|section))$",
    re.I,
)
# a table's row as the readers write it, each cell named by its column: "Date: 31 December
# 2024; Members: 96", "Prize: First place; Amount: USD 25,000" (read with ``match``)
TABLE_ROW = re.compile(r"[^:;]{1,40}:\s*[^;]+;\s*[^:;]{1,40}:\s*\S")
# a few words with no question word and no verb to ask with: "the skills wg chair?"
TELEGRAPHIC = (
    r"^(?!.*\b(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did"
    r"|can|could|has|have|had|will|would|should|tell|list|name|show|give)\b)"
    r"(?:[\w&'.-]+\s+){0,5}"
)
TYPE_PATTERNS = [
    ("why", r"^why\b"),
    (
        "count",  # "What was the membership count at the end of 2024?"
        r"\bhow many\b|\bheadcount\b|\bnumber of (?:employees|staff|people|members)\b"
        r"|^what(?:'?s|\s+is|\s+was|\s+were)\s+the\s+(?:[\w-]+\s+){0,2}?(?:count|tally)\b",
    ),
    ("amount", r"\bhow much\b"),
    ("duration", r"^how long\b|^for how many (?:days|weeks|months|years)\b"),
    ("age", r"^how old\b|\bwhat age\b|^what is (?:the )?age of\b|\bwhat is [\w\s.'-]+'s? age\b"),
    # "What did X say / think about Y?": what someone said, in their words
    ("quote", SAYER),
    (
        "amount",  # "What was Cerebras Systems' revenue in 2023?": a sum of money
        r"^(?:what|which)\b[^?]*\b(?:revenues?|budgets?|funding|fees?|prices?|prizes?|costs?"
        r"|salar(?:y|ies)|valuations?|turnover|spending|income|profits?)\b",
    ),
    (
        "when",  # "When ...", "In what year ...", "What was the launch date of ..."
        r"^(?:when|what (?:day|date|year|month))\b|\bwhat date\b|\bwhich (?:day|date|year)\b"
        r"|^(?:in |on )?(?:what|which)\b[^?]*\b(?:date|day|year|month)\b",
    ),
    (  # "Sony is based where?"; "Is Sony based in Japan?" asks yes or no
        "where",
        r"^where\b|\b(?:which|what) (?:country|city|town)\b"
        r"|^(?!(?:is|are|was|were|do|does|did)\b).*\bbased\b.*\?$",
    ),
    (
        "org",
        r"^(?:which|what)\s+(?:(?!(?:types?|kinds?|sorts?|does|do|did|is|are|was|were|has|have"
        r"|had|can|could|will|would)\b)[\w-]+\s+){0,3}?"
        r"(?:organi[sz]ations?|compan(?:y|ies)|firms?"
        r"|institutions?|universit(?:y|ies)|members?)\b(?!\s+(?:list|count)\b)",
    ),
    ("who", r"^who\b"),
    # a question of a few words with no question word, ending in what is asked: "skills wg
    # chair?" asks who, "summit venue?" where, "round 2 deadline?" when
    (
        "who",
        rf"{TELEGRAPHIC}(?:chair(?:person)?|lead(?:er)?|head|director|ceo|president"
        r"|convenor|coordinator)s?\s*\??$",
    ),
    ("where", rf"{TELEGRAPHIC}(?:venue|location)\s*\??$"),
    ("when", rf"{TELEGRAPHIC}(?:date|deadline)s?\s*\??$"),
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
        r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen"
        r"|(?:thir|four|fif|six|seven|eigh|nine)teen"
        r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?|hundreds?)\b",
        re.I,
    ),
    # how long: a span of time ("12 months", "two years", "a 12-month fellowship")
    "duration": re.compile(
        r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|a|an)"
        r"[\s-]+(?:days?|weeks?|months?|years?)(?:[\s-]+long)?\b|\b(?:year|month|week)-long\b"
        rf"|\b\d{{1,2}}\s*(?:and|to|–|-)\s*\d{{1,2}}\s+(?:{MONTHS})\b",  # "on 14 and 15 May"
        re.I,
    ),
    # how old someone or something is: "54 years old", "aged 54", "born in 1970", "founded in"
    "age": re.compile(
        r"\b\d{1,3}[\s-]+years?[\s-]+old\b|\baged\s+\d{1,3}\b|\bborn\b|\bfounded\b"
        r"|\bestablished in\b",
        re.I,
    ),
    # what someone said: a quotation or a verb of saying ("said", "according to")
    "quote": re.compile(
        r"[\"“”]|\b(?:said|says|say|told|stated|noted|added|called|according to"
        r"|in (?:his|her|their) words)\b",
        re.I,
    ),
    "amount": re.compile(
        r"[$€£]\s?\d|\b\d[\d,.]*\s*(?:%|percent|hundred|thousand|million|billion|trillion)"
        r"|\b(?:US )?dollars?\b|\beuros?\b",
        re.I,
    ),
    "why": re.compile(
        rf"\b(?:because|since(?!\s+(?:then|the|its|their|last|early|late|mid|\d+|{MONTHS})\b)"
        r"|so that|so as to|in order to|due to|aims? (?:is )?to|to help"
        r"|(?:aim|goal|purpose|reason) is to|to address|do (?:this|so) to|intended to"
        r"|committed to|to let|to make sure|to ensure"
        r"|wanted|wants|hoped|hopes|in the hope|motivated by"  # a motive: "said it wanted"
        # a cause: "for health reasons", "owing to", "having taken up a new position"
        r"|for (?:\w+ )?reasons?|owing to|as a result of|having \w+"
        r"|(?:which|that|this) is why|that's why"  # "..., which is why X are excluded"
        r"|by mistake|in error|mistakenly)\b",  # "had been counted by mistake"
        re.I,
    ),
}

# a result after its cause: "It was held under the Chatham House Rule, so the alliance is not
# publishing who said what" (the cause is what comes before)
RESULT_SO = re.compile(r", so (?=(?:the|it|they|we|he|she|this|its|their|our|all|no)\b)")
# a purpose stated as an infinitive after what was done: "is stepping down as chair to lead
# the new laboratory" (not "to the alliance", "to 2025")
PURPOSE_TO = re.compile(
    r"\bto\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those|all|any|each|every|some"
    r"|our|your|my|be|date)\b)[a-z]+\b"
)
# a consequence, whose reason is the sentence before: "... several asked for a group of their
# own. The alliance has therefore created a sixth working group"
CONSEQUENCE = re.compile(
    r"\b(?:therefore|consequently|as a result|hence|thus|for (?:this|that|these) reasons?)\b",
    re.I,
)
# a cause told as what came before it, a clause of its own: "was moved after the venue was
# damaged by a storm", "stepped down after being appointed dean" (not "after 2024", nor "a
# year after the group was formed": a time, not a cause)
AFTER_CAUSE = re.compile(
    r"(?<!year )(?<!years )(?<!month )(?<!months )(?<!week )(?<!weeks )(?<!days )(?<!day )"
    r"(?<!shortly )(?<!soon )(?<!just )(?<!long )"
    rf"\b(?:after|following)\s+(?!\d|(?:the\s+)?(?:end|start|beginning|{MONTHS})\b)"
    r"(?:being|having|(?:[\w-]+\s+){1,5}?(?:was|were|had|became)\b)",
    re.I,
)
# a role nobody holds yet: "its chair has not yet been chosen", "the post is vacant"
UNFILLED = re.compile(
    r"\b(?:not\s+(?:yet\s+)?(?:been\s+)?(?:chosen|appointed|named|elected|filled|selected)"
    r"|vacant|(?:(?:yet|still)\s+)?to\s+be\s+(?:chosen|appointed|named|elected|filled|confirmed)"
    r"|tb[cd])\b",  # "Interim chair: to be named by the committee", "Chair: TBC"
    re.I,
)
# kinds of events and honours: a question about one when the materials never use the word
# ("When is the next conference?", "Who won the hackathon at the summit?") asks about
# something they do not have
EVENT_KINDS = re.compile(
    r"\b(?:conferences?|summits?|hackathons?|workshops?|meetups?|webinars?|festivals?"
    r"|competitions?|keynotes?|prizes?|awards?|councils?|fellowships?)\b",
    re.I,
)
# one of a numbered series: "round 3", "cohort 2", "version 2.0" ("the third round" too)
SERIES = re.compile(
    r"\b(round|phase|cohort|edition|season|stage|wave|batch|issue|volume|version|release)"
    r"\s+(?:no\.?\s*|number\s+)?(\d+(?:\.\d+)?)\b",
    re.I,
)
SERIES_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
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
    r"|\bat\s+(?:the\s+)?[A-Z][a-z]+"  # "at the Kilimani Innovation Hub"
    r"|(?:^|;\s)(?:Place|Venue|Location|City|Host city|Where):\s+\S"  # a table's place cell
)

# the verbs of bringing something into being, as stems: one list for the question ("Who set
# up the alliance?"), the sentence that answers it ("launched by X") and the words it shares
FOUNDING_STEMS = (
    "found",
    "start",
    "launch",
    "creat",
    "establish",
    "set up",
    "began",
    "form",
    "announc",
)
FOUNDING_VERB = "(?:" + "|".join(FOUNDING_STEMS) + ")"
FOUNDING_HINT = "launched announced"  # searched along with such a question
FUTURE_HINT = "plans planned will"  # ... and with a question about what is to come

ROLE_WORDS = re.compile(
    r"\b(ceo|chief|chair|lead|head|founde|president|director|manager|executive|spokes|in charge"
    r"|conven|coordinat)"
)
# the words of leading a group or programme: "Who leads the X group?" is answered by "Y
# continues as chair" ("run" is not one of them: models run on hardware)
LEADING_TEXT = "lead led leader chair head direct director charge convene convenor coordinate"
# ... but "Who runs the X group?" asks who leads it (a person runs a group or committee)
GROUP_NOUNS = re.compile(
    r"\b(?:group|team|committee|board|council|panel|circle|club|network|task ?force)s?\b", re.I
)
WHO_RUNS = re.compile(
    r"^(who\s+)(?:(runs|manages|oversees|is (?:running|managing|overseeing|responsible for))"
    r"|ran|managed|oversaw|was (?:running|managing|overseeing|responsible for))\b",
    re.I,
)
LEADING = "(?:le(?:a)?d|chair|head|direct|in charge|conven|coordinat)"
# how a role word is written in the past ("led by"), or by another word of its class
ROLE_FORMS = {
    "lead": LEADING,
    "chair": LEADING,
    "head": LEADING,
    "director": LEADING,
    "in charge": LEADING,
    "conven": LEADING,
    "coordinat": LEADING,
    "founding": FOUNDING_VERB + r"(?!\w*-\w)",  # any verb of founding (a "start-up" is none)
}

# "who" is answered by a name or by a body of people ("a technical oversight committee")
BODIES = re.compile(
    r"\b(?:committee|board|council|panel|commission|secretariat|working groups?)s?\b", re.I
)

# groups of people or organisations that answer "who" ("its members", "governments")
PEOPLE = re.compile(
    r"\b(members|governments|researchers|developers|companies|universities|start-ups"
    r"|scientists|engineers|experts|teams|people)\b",
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
    r"\b(?:aims?|aimed|plans|plan\s+(?:to|for)|planned|planning|intends?|intended|will|meant to"
    r"|seeks? to|wants? to|objectives?|goals?|targets?|scheduled|expected|upcoming|next|to be held"
    r"|would|supposed to|agreed to|promised to|pledged to|expects?|anticipated|targeted for)\b",
    re.I,
)
# a deed said to follow a plan: ", as planned in the governance outline"
AS_PLANNED = re.compile(
    r",?\s+(?:as|like)\s+(?:(?:they|we|it|was|were|had|been|first)\s+)*(?:\w+ly\s+)?"
    r"(?:planned|promised|announced|agreed|intended)\b[^,;.?]*",
    re.I,
)  # "as originally planned", "like they planned": the deed is asked, the plan compared with
# a plan that only names a thing, before the verb that says what became of it: "The
# workshop planned for 18 March in Singapore is cancelled"
PLANNED_MODIFIER = re.compile(
    r"(?<=[\w)]) (?:planned|scheduled|expected|announced|due) (?:for|in|on|at|to)\b[^,;.]*?"
    r"(?= (?:is|was|are|were|has|had|have) (?:now |been )?\w+(?:ed|en)\b)",
    re.I,
)
# "Did it do all its planned stops?": what was planned, asked of as done
PLANNED_THINGS = re.compile(r"(?<=\b(?:the|its|all|our) )planned\s+(?=\w)", re.I)

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

NEGATION = re.compile(
    r"\b(?:not|no|never|none|neither|nor|without|cannot)\b|\w+n[’']t\b", re.I
)  # "Individuals cannot hold membership", "doesn't"

# "What kinds of organisations are in the alliance?": the members' kinds
# "How many countries are the members from?", "Which countries do members come from?"
COUNTRIES_QUESTION = re.compile(
    r"\b(?:how many|which|what)\s+(?:different\s+)?countries\b(?!.*\b(?:does|did|is|was)\b)",
    re.I,
)
KINDS_QUESTION = re.compile(
    r"\b(?:what|which)\s+(?:kinds?|types?|sorts?)\s+of\s+(?:members?\b|(?:organi[sz]ations?|orgs?"
    r"|institutions?|entities|companies)\s+(?:are|were|have)\s+(?:in|part|members|among|joined)\b)",
    re.I,
)

# what an answer of a type says in its words, added to the search for a question of that
# type: "Why was X created?" is answered by "Its aim is to ...", which shares no word with it
TYPE_HINTS = {"why": "aim purpose goal intended so that", "describe": "describes itself as"}
# a sentence that says what something is ("X describes itself as an open community", "X is
# a non-profit ...")
DEFINITION = re.compile(r"\bdescribes? itself as\b|\b(?:is|was) (?:an?|the) ", re.I)

PRONOUN_START = re.compile(r"^(?:It|Its|This|These|They|Their|Such)\b")
# a pronoun the subject after a leading phrase ("Together with X, it helped lead Y"): what
# it stands for is named in the sentence before
PRONOUN_SUBJECT = re.compile(r"^[^,.;:]{1,60},\s+(?:it|they)\s")
# "She had chaired the group since April": shown after the sentence that names her
PERSON_PRONOUNS = {"He", "She", "His", "Her"}


def opens_with_person(sentence: str) -> bool:
    return sentence.split(" ", 1)[0] in PERSON_PRONOUNS


PRONOUN = re.compile(
    r"\b(?:it|its|it's|they|them|their|this (?:organi[sz]ation|company|member|one)|that one"
    r"|that|there|he|she|him|her|his|this)\b",
    re.I,
)
# words typed for speed in a chat, and abbreviations the materials spell out
CHAT_WORDS = {
    "wen": "when", "wat": "what", "wht": "what", "wich": "which", "whih": "which",
    "hw": "how", "whos": "who is",
    "whr": "where", "u": "you", "r": "are", "n": "and", "pls": "please", "plz": "please",
    "ur": "your", "abt": "about", "bc": "because", "cuz": "because", "y": "why",
    "R&D": "research and development", "orgs": "organisations", "org": "organisation",
    "govt": "government", "uni": "university", "unis": "universities",
    "wg": "working group", "wgs": "working groups", "ppl": "people", "ppls": "people",
    **{
        f"{word}n{q}t": f"{word} not"
        for word in ("is", "are", "was", "were", "do", "does", "did", "has", "have", "had")
        for q in "'’"
    },
    "can't": "can not", "can’t": "can not", "won't": "will not", "won’t": "will not",
}  # fmt: skip
CHAT_WORD = re.compile(
    r"(?<![\w&.])(?:" + "|".join(map(re.escape, CHAT_WORDS)) + r")(?![\w&]|\.\w)", re.I
)

# templates: {org} is the domain's words for the organisation ("(?:the\s+)?(?:ai\s+)?alliance")
BELONGING_CUE = (
    r"member|belong|part of|\bin (?:{org}|it\b)|are there"
    r"|\b(?:are|is)\s+(?:based|from|located)|\bjoined\b|^(?:list|name|count|how many)\b"
    r"|^which \w+(?: \w+)? are\b"
)
MEMBERSHIP_TAIL = (
    r"member|founding|founder|^join|^sign|^belong|^become"
    r"|^(?:{org}|it)(?:\W*$|\s+(?:when|at|since|from|in|before|after|by|yet|now)\b)"
)
# joining the organisation (its own name is the domain's: ``Analysis.names_org``)
JOINING = re.compile(r"\b(?:join|joined|joining|member|members|membership)\b", re.I)

# ---- countries and regions: what the countryinfo data set lacks --------------------------
# names a question may use that the data set does not list for the country
COUNTRY_EXTRA_WORDS = {
    "United Kingdom": ["England", "English", "Britain", "U.K."],
    "United States": ["America", "U.S.", "U.S.A."],
}
# short codes, matched only as written in capitals ("us" the pronoun is no country)
COUNTRY_SHORT_CODES = {"United States": ["US", "USA"], "United Kingdom": ["UK"],
                       "United Arab Emirates": ["UAE"]}  # fmt: skip
CASE_SENSITIVE_CODES = {"US"}  # "us" is a pronoun; "uk", "usa" and "uae" are only countries
# everyday names of regions -> the data set's regions and subregions
REGION_WORDS = {
    "Middle East": ["Western Asia"],
    "Southeast Asia": ["South-eastern Asia"],
    "South East Asia": ["South-eastern Asia"],
    "East Asia": ["Eastern Asia"],
    "Latin America": ["Latin America and the Caribbean"],
    "South America": ["Latin America and the Caribbean"],
    "North America": ["Northern America"],
    "European": ["Europe"],
    "Asian": ["Asia"],
    "African": ["Africa"],
    "the Americas": ["Americas"],
}

# ---- membership over time -----------------------------------------------------------
# founding members, as opposed to members who joined later
FOUNDING = re.compile(
    r"\bfound(?:ing|er)s?\b|\b(?:at|from)\s+(?:the\s+|its\s+)?(?:launch|start|outset|beginning)\b"
    r"|\boriginal(?:ly)?\b|\bwhen (?:it|the alliance) (?:was )?(?:launched|started)\b",
    re.I,
)
# members who joined after the launch
LATER_MEMBERS = re.compile(
    r"\b(?:new|newer|later|recent|non-founding)\s+members?\b"
    r"|\bjoined\s+(?:since|after|later)\b|\b(?:since|between) the launch\b",
    re.I,
)
# "When did X join?", "When did X become a member?"
JOIN_QUESTION = re.compile(r"\bjoin(?:ed|ing|s)?\b|\bbec[oa]me (?:a |an )?(?:\w+ )?member\b", re.I)
JOINED_YEAR = re.compile(r"\bjoin(?:ed|ing|s)?\b[^?]*?\b((?:19|20)\d\d)\b", re.I)
# "Are all the founding members American?": a claim about every member
EVERY = re.compile(r"^(?:are|were|is)\s+(?:all|every|each)\b", re.I)

# ---- structure ------------------------------------------------------------------------
# questions answered with a list the materials give ("What are the objectives?", "How is the
# alliance governed?", "What working groups does it have?", "list the focus areas")
LIST_QUESTION = re.compile(
    r"^(?:what|which)\s+(?:[\w-]+\s+){0,3}?(?:are|were)\b|^(?:list|name|enumerate)\b"
    r"|\b(?:list|name)\s+(?:the|all|its)\b"
    r"|^what\s+(?:\w+\s+){1,3}(?:does|did|do|has|have)\b.*\b(?:have|has|had)\b"
    r"|^how\s+(?:is|was|will|would)\b.*\b(?:govern|organi[sz]|structur)\w*"
    r"|^tell\s+(?:me|us)\s+about\s+(?:the|its)\b",  # "tell me about the governance": its parts
    re.I,
)

# ---- time and tense -------------------------------------------------------------------
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "next", "last", "1st",
            "2nd", "3rd", "4th", "5th", "6th", "inaugural"]  # fmt: skip
# the question asks about what will happen ...
FUTURE_QUESTION = re.compile(
    r"\bwill\b|\bgoing to\b|\bnext\b|\bupcoming\b|\bplann?(?:ed|ing)? (?:for|to)\b|\bshall\b",
    re.I,
)
# ... or about what happened
PAST_QUESTION = re.compile(r"\b(?:was|were|did|had)\b", re.I)
# the earliest value of a changing fact
EARLIEST = re.compile(
    r"\b(?:originally|initially|at first|at (?:the )?launch|at the start|before|previous(?:ly)?"
    r"|former(?:ly)?|earlier|used to|first)\b",
    re.I,
)
# the latest value of a changing fact
LATEST = re.compile(
    r"\b(?:now|currently|current|today|these days|at present|latest|still|anymore|so far)\b",
    re.I,
)
# words that name the kind of answer, not what it is about
TYPE_WORDS_TEXT = (
    "year date day month time when country city town place where located location based "
    "number many much who whom name names person people which what kind type sort called why"
)
# sentences about belonging, not about what a member is or does
MEMBERSHIP_WORDS = re.compile(r"\bfounding members?\b|\bjoined\b|\bmembers? of\b", re.I)
# a question answered yes or no opens with an auxiliary verb
YES_NO_AUX = re.compile(
    r"^(?:is|are|was|were|do|does|did|can|could|has|have|had|will|would|should)\b", re.I
)
# words that frame who asks, not what is asked
ASKER_WORDS_TEXT = (
    "you your yours i me my we our us someone anyone somebody anybody one anything something "
    "going gonna put together actually really they them their it its he she him her so thing "
    "things stuff this that these those about did does do"
)
# a question about an obligation is answered by a statement about one
OBLIGATION = re.compile(
    r"\b(?:have to|has to|had to|must|need to|needs to|required|requires?|requirement"
    r"|mandatory|obligat\w*|compulsory|condition)\b",
    re.I,
)

# ---- word forms the stemmer does not relate --------------------------------------------
# irregular past forms
WORD_FORMS = {
    "won": "win", "built": "build", "held": "hold", "led": "lead", "ran": "run",
    "began": "begin", "begun": "begin", "made": "make", "took": "take", "taken": "take",
    "gave": "give", "given": "give", "chose": "choose", "chosen": "choose", "met": "meet",
    "brought": "bring", "bought": "buy", "sold": "sell", "told": "tell", "wrote": "write",
    "written": "write", "grew": "grow", "grown": "grow", "left": "leave", "came": "come",
    "get": "receiv", "got": "receiv", "winner": "win",  # what fellows get, who the winners are
    "leav": "leave", "quit": "leave", "withdraw": "leave", "withdrew": "leave",  # left it
    "withdrawn": "leave", "acquir": "buy", "acquisit": "buy", "purchas": "buy",  # bought it
    "outcom": "result",  # what came out of an event: its outcomes, its results
    # who held it before: "succeeding X", "X's predecessor", "replaced X"
    "succeed": "befor", "predecessor": "befor", "replac": "befor",
    "goal": "object",  # what it set out to do: its objectives
    "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth",
}  # fmt: skip
# who brought something into being: answered by its founders' names, not by "its members"
FOUNDER_QUESTION = re.compile(rf"^who\s+(?:[\w'’]+\s+){{0,3}}?{FOUNDING_VERB}(?!ation)\w*", re.I)
FOUNDER_VERB = re.compile(rf"\b{FOUNDING_VERB}", re.I)  # any verb of founding, anywhere
# "founding members" are members, not a founding
FIXED_PHRASES = re.compile(r"\bfounding\s+members?\b", re.I)
# "the membership count": what is counted
COUNT_OF = re.compile(r"\bthe\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:count|tally)\b", re.I)
# how many of what: the counted thing follows the number ("74 members", "41 teams")
HOW_MANY = re.compile(
    r"\bhow\s+many\s+((?:[\w-]+\s+){0,2}?[\w-]+?)(?=\s+(?:do|does|did|are|were|is|was|has"
    r"|have|had|took|will|would|can|in|at|of|on|for|from|to|\w+ed|came|come|went|got|get|won"
    r"|win|take|attend|join|sign|apply|work|live|\w+ly)\b|\s*\?|$)",  # "teams actually ..."
    re.I,
)
# what another text said, which the paragraph then corrects ("The newsletter said that 401
# people took part. That figure was wrong: the correct number is 410"): no longer the fact
REPORTED_CLAIM = re.compile(r"\b(?:said|stated|reported|gave|listed|wrote)\s+that\b", re.I)
CORRECTED = re.compile(
    r"\b(?:was|were|is|are)\s+(?:wrong|incorrect|an error|a mistake)\b|\bin fact\b"
    r"|\bthe correct (?:number|figure|date|amount|name)\b|\bshould (?:read|have been)\b",
    re.I,
)
# a role that has ended is not the role now
ENDED = re.compile(
    r"\b(?:stepped down|resigned|retired|no longer|formerly(?! known| called| named)|former"
    r"|until|had \w+ed)\b",  # "formerly known as X" names what is now called otherwise
    re.I,
)
# a sentence that gives the state at its own date, the earlier one only for comparison
CURRENT = re.compile(r"\bas of\b|\bcurrently\b|\btoday\b|\bnow\b|\bup from\b|\bdown from\b", re.I)
# the words for members as such (how many of them is the directory's or a stated total)
MEMBER_NOUNS_TEXT = (
    "member members membership organisation organisations organization organizations orgs "
    "entries signatories collaborators"
)
# the words a count of people is given in ("How many people attended?": "160 participants")
PEOPLE_NOUNS_TEXT = "people persons participants attendees delegates guests visitors individuals"
