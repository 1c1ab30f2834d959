"""The content rules for outgoing text, as data (OnlyFans Terms of Service and Acceptable Use Policy).

Each rule says what it catches three ways, all matched on normalized views of the text
(see ``normalize``), never on the raw text:

- ``keywords``: words or phrases, tolerant of leetspeak, look-alike letters and, from five
  letters up, of spacing or punctuation between letters ("pay-pal", "tele gram");
- ``patterns``: regular expressions on the *word* view (lower case, leetspeak decoded);
- ``literal_patterns``: regular expressions on the *literal* view, where digits and symbols
  are kept (phone numbers, emails, links, ages).

Every quantifier is bounded and every gap is a literal-led alternation, so no pattern can
backtrack catastrophically. ``examples_hit`` must hit the rule and ``examples_pass`` must
not; the tests run every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huntaze.inbox.choices import ComplianceCategory, ComplianceSeverity


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplianceRule:
    id: str
    severity: ComplianceSeverity
    category: ComplianceCategory
    label: Promise
    examples_hit: tuple[str, ...]
    examples_pass: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    literal_patterns: tuple[str, ...] = ()


BLOCK = ComplianceSeverity.BLOCK
WARN = ComplianceSeverity.WARN

# Shared fragments. A window stays inside one sentence and is bounded.
_WINDOW = r"[^.!?\n]{0,40}"
_SEXUAL = (
    r"(?:sex(?:y|ual|ting)?|nudes?|naked|porn\w{0,4}|pussy|dick|cock|cum\w{0,3}|horny|fuck\w{0,3}"
    r"|slut\w{0,2}|tits|titties|boobs?|nsfw|xxx|lewd|nipples?|orgasm\w{0,2}|blowjob|anal|creampie"
    r"|masturbat\w{0,5}|seduc\w{0,5}|kinky|erotic)"
)
_I_AM = r"(?:i\s*'?\s*m|i\s+am)"
_MESSENGERS = r"(?:snap|snapchat|telegram|kik|discord|signal|whatsapp|skype|viber|wechat)"
_SOCIALS = (
    r"(?:insta(?:gram)?|ig|the\s+gram|twitter|x|tiktok|tik\s+tok|facebook|fb|messenger|reddit|threads"
    r"|bluesky|fansly|twitch|youtube)"
)
_ASK_CONTACT = r"(?:dm|pm|message|msg|text|txt|chat|talk|hit|add|inbox|contact|reach|write|find)\w{0,3}"
_FAMILY = (
    r"(?:sis|sister|bro|brother|mom|mommy|mother|mum|dad|father|son|daughter|cousin|aunt|uncle"
    r"|niece|nephew)"
)
_SPELLED_AGE = r"(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
_AGE = rf"(?:1[0-7]|{_SPELLED_AGE})"
# What may follow "I'm 16" when it is not an age: "16 minutes away", "16th", "10/10", "5'6".
_NOT_AN_AGE = (
    r"(?!\s*(?:['\"%+/x]|[.,:]\d|(?:mins?|minutes?|hrs?|hours?|secs?|seconds?|days?|weeks?|months?"
    r"|miles?|km|blocks?|feet|foot|ft|inch\w*|cm|kg|lbs?|pounds?|times?|percent|dollars?|euros?"
    r"|bucks|k|am|pm|o'?clock|more|less|away|late|early|out\s+of|of|episodes?|videos?|pics?"
    r"|photos?|orders?|in\s+line|years?\s+(?:into|in|away|late|from))\b))"
)
_SPELLED_DIGIT = r"(?:zero|one|two|three|four|five|six|seven|eight|nine)"
_DIGIT = rf"(?:\d|{_SPELLED_DIGIT})"
_MAIL_PROVIDERS = (
    r"(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|icloud|aol|protonmail|proton|gmx|yandex|zoho"
    r"|tutanota|wanadoo|laposte)"
)
_TLDS = (
    r"(?:\.com|\.net|\.org|\.io|\.co|\.ly|\.gg|\.tv|\.xyz|\.info|\.biz|\.app|\.link|\.page|\.bio"
    r"|\.ee|\.fans|\.club|\.site|\.online|\.shop|\.store|\.social|\.cc|\.ws|\.uk|\.fr|\.de|\.ca"
    r"|\.ru|\.ai|\.vip)"
)
# Not a link on onlyfans.com; a link never starts inside a word, an email or another link.
_LINK_START = r"(?<![\w@./:-])(?!(?:https?://)?(?:www\.)?onlyfans\.com(?![\w.-]))"
_URL_CHARS = r"[^\s<>\"']"
_DRUGS = (
    r"(?:weed|cocaine|coke|molly|mdma|ecstasy|xanax|xans|adderall|oxy\w{0,6}|percs?|percocet|meth"
    r"|lsd|shrooms|ketamine|heroin|fentanyl|pills|edibles|kush)"
)
_CUSTOM = r"\bcustoms?\b"
_DEADLINE = (
    r"(?:(?:by|before|within|until|no\s+later\s+than)\s+(?:tonight|tomorrow|today|noon|midnight"
    r"|(?:this|the)\s+weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|end\s+of\s+(?:the\s+)?(?:day|week)|\d{1,3}\s*(?:h|hrs?|hours?|days?|mins?|minutes?|weeks?))"
    r"|in\s+(?:the\s+next\s+)?\d{1,3}\s*(?:h|hrs?|hours?|days?|mins?|minutes?|weeks?)"
    r"|tonight|tomorrow|asap|same\s*-?\s*day|(?:24|48|72)\s*(?:h|hrs?|hours?))\b"
)


RULES: tuple[ComplianceRule, ...] = (
    ComplianceRule(
        id="payment.app",
        severity=BLOCK,
        category=ComplianceCategory.PAYMENT,
        label=_("Asks for payment outside OnlyFans (PayPal, Cash App, Venmo, Zelle, money transfer)."),
        keywords=(
            "paypal",
            "venmo",
            "zelle",
            "cash app",
            "cashtag",
            "western union",
            "moneygram",
            "revolut",
            "skrill",
            "payoneer",
            "apple pay",
            "google pay",
            "gpay",
        ),
        patterns=(r"\b(?:via|on|through|thru|by)\s+pp\b",),
        # A $cashtag: a dollar sign followed by a name, not an amount.
        literal_patterns=(r"(?<![\w$])\$(?=[a-z])[a-z0-9_-]{2,20}(?![\w-])",),
        examples_hit=(
            "send it to my PayPal babe",
            "just venmo me and I'll unlock it",
            "zelle is easier for me",
            "my cashapp is lunaxo",
            "it's $lunaxo on the app",
            "can you send it through western union?",
            "pay-pal me 50 and it's yours",
            "pay me with apple pay",
            "send via pp",
        ),
        examples_pass=(
            "my cash register at work is broken lol",
            "pay per view unlocks tonight",
            "thanks for the $20 tip!",
            "tip me here if you liked it",
            "I'm paying my bills today",
            "what's your favorite app?",
            "apple pie is my weakness",
        ),
    ),
    ComplianceRule(
        id="payment.crypto",
        severity=BLOCK,
        category=ComplianceCategory.PAYMENT,
        label=_("Asks for payment in cryptocurrency or gives a wallet address."),
        keywords=(
            "bitcoin",
            "btc",
            "ethereum",
            "eth",
            "usdt",
            "usdc",
            "tether",
            "litecoin",
            "dogecoin",
            "monero",
            "solana",
            "binance",
            "coinbase",
            "metamask",
            "crypto wallet",
            "wallet address",
        ),
        patterns=(
            r"\b(?:pay|paid|send|sent|tip|accept|take|transfer|in)\w{0,4}\b[^.!?\n]{0,20}\bcrypto",
            r"\bcrypto\w{0,8}\b[^.!?\n]{0,20}\b(?:pay|tip|send|wallet|address|only|accepted|works)",
        ),
        literal_patterns=(
            r"(?<![a-z0-9])(?:bc1[a-z0-9]{25,59}|[13][a-z1-9]{25,34})(?![a-z0-9])",
            r"(?<![a-z0-9])0x[0-9a-f]{40}(?![a-z0-9])",
        ),
        examples_hit=(
            "I take bitcoin if that's easier",
            "send BTC and I'll unlock it",
            "USDT on trc20 works too",
            "my wallet address is 0x52908400098527886E0F7030069857D2E4169EE7",
            "pay in crypto and I'll send it",
            "ETH only pls",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ),
        examples_pass=(
            "I lost my wallet at the bar lol",
            "your messages are so cryptic",
            "that lingerie is so ethereal",
            "ethics class was boring today",
            "I hate being tethered to my desk",
        ),
    ),
    ComplianceRule(
        id="payment.gift_card",
        severity=BLOCK,
        category=ComplianceCategory.PAYMENT,
        label=_("Asks for payment in gift cards or vouchers."),
        keywords=("gift card", "e gift", "vanilla visa", "prepaid card", "steam wallet"),
        patterns=(
            r"\b(?:amazon|steam|itunes|apple|google\s*play|sephora|ebay|roblox|xbox|psn|playstation)"
            r"\s*(?:gift\s*)?(?:cards?|codes?|vouchers?)\b",
            r"\bgift\s*(?:codes?|vouchers?)\b",
        ),
        examples_hit=(
            "you can pay me with an amazon gift card",
            "send a steam card code",
            "g1ft c4rd works too",
            "giftcards accepted",
            "an itunes card is fine",
            "g i f t c a r d",
        ),
        examples_pass=(
            "I have a gift for you",
            "did you get my birthday card?",
            "my credit card got declined on amazon",
            "that was the best gift ever",
            "you're such a wild card",
        ),
    ),
    ComplianceRule(
        id="payment.bank",
        severity=BLOCK,
        category=ComplianceCategory.PAYMENT,
        label=_("Asks for a bank or wire transfer, or gives bank details."),
        keywords=(
            "bank transfer",
            "wire transfer",
            "iban",
            "swift code",
            "routing number",
            "sort code",
            "sepa",
        ),
        patterns=(
            r"\b(?:my|your|ur)\s+bank\s*(?:details|info|account\s*(?:number|details|info))\b",
            r"\bwire\s+(?:me|you|it|the\s+money|money)\b",
        ),
        examples_hit=(
            "bank transfer is fine",
            "my IBAN is FR76 3000 6000 0112 3456 7890 189",
            "wire me the money first",
            "what's your routing number?",
            "I'll send you my bank details",
            "i b a n: DE89 3704 0044 0532 0130 00",
        ),
        examples_pass=(
            "the bank closed early today",
            "I'm transferring to a new gym",
            "picnic by the river bank",
            "I ban rude guys instantly",
            "I sent you a wire-free pic",
        ),
    ),
    ComplianceRule(
        id="contact.messenger",
        severity=BLOCK,
        category=ComplianceCategory.CONTACT,
        label=_(
            "Moves the conversation to a messaging app (Snapchat, Telegram, WhatsApp, Kik, Discord, Signal)."
        ),
        keywords=("snapchat", "telegram", "whatsapp", "watsapp", "kik", "wickr", "threema", "viber"),
        patterns=(
            rf"\b{_ASK_CONTACT}\s+(?:me|us)\s+(?:up\s+)?(?:on|at|via|over|through|in)\s+(?:my\s+)?{_MESSENGERS}\b",
            r"\b(?:my|our)\s+(?:snap|sc|tg|discord|signal|kik)\s*(?:is\b|:|@|name|username|handle|id\b"
            r"|account|server|tag|number)",
            r"\bsnap\s*(?::|@|me\b(?!\s+(?:a|an|some|the|your|that|this|one|pics?|photos?|selfies?)\b))",
            r"\b(?:on|via)\s+(?:snap|sc|tg|discord)\b",
            r"\btg\s*[:@]",
            r"\bdiscord\s*(?:server|username|name|tag|id|is|:)",
            r"\bsignal\s+(?:app|messenger|number|username|me)\b",
            r"\bwechat\b",
        ),
        literal_patterns=(r"(?<![\w.])(?:t|wa)\.me/", r"\bdiscord\.(?:gg|com)/", r"\bsnapchat\.com/"),
        examples_hit=(
            "add me on snapchat babe",
            "add me on snap: luna.xo",
            "my snap is lunaxo",
            "s n a p c h a t me",
            "sn4pch4t me",
            "\u0455n\u0430\u0440\u0441h\u0430t me",
            "text me on telegram",
            "t.me/lunaxo",
            "whatsapp me at this number",
            "kik me lunaxo",
            "my discord is luna#1234",
            "hit me up on signal",
            "tele\u200bgram: lunaxo",
        ),
        examples_pass=(
            "let me snap a pic for you",
            "oh snap, you're back!",
            "I'll snap me a quick selfie",
            "what's up babe?",
            "no signal in the subway lol",
            "mixed signals much?",
            "I kick myself for missing your message",
            "kiki is my cat's name",
            "we chat every night",
        ),
    ),
    ComplianceRule(
        id="contact.social_dm",
        severity=BLOCK,
        category=ComplianceCategory.CONTACT,
        label=_("Asks the fan to message on another social network (Instagram DMs, Twitter, TikTok…)."),
        patterns=(
            rf"\b{_ASK_CONTACT}\s+(?:me|us)\s+(?:up\s+)?(?:on|at|via|over|through|in)\s+(?:my\s+)?{_SOCIALS}\b",
            rf"\b{_SOCIALS}\s*(?:dms?|inbox|pms?)\b",
            rf"\bdms?\s+(?:on|in|via|at|over)\s+{_SOCIALS}\b",
        ),
        examples_hit=(
            "dm me on insta babe",
            "message me on IG instead",
            "hit me up on instagram",
            "send it to my insta dms",
            "dm me on 1nst4",
            "text me on twitter",
            "slide into my DMs on tiktok",
        ),
        examples_pass=(
            "I posted the same set on my insta last week",
            "follow me on twitter for updates",
            "I'll dm you the video here",
            "check your DMs babe",
            "message me here anytime",
        ),
    ),
    ComplianceRule(
        id="contact.phone",
        severity=BLOCK,
        category=ComplianceCategory.CONTACT,
        label=_("Gives or asks for a phone number, or asks to text or call outside OnlyFans."),
        patterns=(
            r"\b(?:text|txt|sms|imessage)\s*me\b(?!\s+(?:back|here|on\s+here|on\s+(?:of|onlyfans)"
            r"|in\s+here|in\s+the\s+(?:chat|app))\b)",
            r"\b(?:call|ring|facetime|phone)\s+me\s+(?:at|on)\b",
            r"\bgive\s+(?:me|you)\s+a\s+(?:call|ring)\b",
            r"\bfacetime\b",
            r"\b(?:my|your|ur)\s+(?:(?:phone|cell|mobile)\s*)?(?:number|digits)\b(?!\s*(?:one|1|of)\b)",
            r"\b(?:phone|cell|mobile)\s*(?:number|no)\b",
        ),
        # Ten to fifteen digits, written or spelled out, with short separators between them.
        literal_patterns=(rf"(?<!\w)\+?{_DIGIT}(?:[\s.\-()/_,*+]{{0,3}}{_DIGIT}){{9,14}}(?!\w)",),
        examples_hit=(
            "text me at 555 123 4567",
            "call me: +1 (555) 123-4567",
            "my number is 06 12 34 56 78",
            "five five five one two three four five six seven",
            "5️⃣5️⃣5️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣",
            "555.123.4567",
            "text me babe",
            "what's your phone number?",
            "give me a call tonight",
        ),
        examples_pass=(
            "you're my number one fan",
            "text me back when you're free",
            "call me daddy",
            "text me here whenever you want",
            "the set has 120 pics and 15 videos",
            "see you at 10:30",
            "shot on 2024-05-12",
        ),
    ),
    ComplianceRule(
        id="contact.email",
        severity=BLOCK,
        category=ComplianceCategory.CONTACT,
        label=_("Gives or asks for an email address."),
        patterns=(
            rf"(?<![a-z0-9._-])[a-z0-9._-]{{1,64}}\s*(?:@|\bat\b|\(at\)|\[at\])\s*{_MAIL_PROVIDERS}",
            r"\b(?:my|your|ur)\s+(?:e\s*-?\s*mail|gmail|icloud|hotmail|outlook|yahoo)(?:\s+address)?\s*(?:is\b|:)",
            r"\be\s*-?\s*mail\s+me\b",
            r"\bsend\s+(?:me\s+)?(?:your|ur)\s+e\s*-?\s*mail\b",
        ),
        literal_patterns=(
            r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}(?![\w-])",
            rf"(?<![\w.+-])[\w.+-]{{1,64}}\s*(?:@|\(at\)|\[at\]|\{{at\}}|<at>|\bat\b)\s*{_MAIL_PROVIDERS}\b",
        ),
        examples_hit=(
            "email me at luna.xo@gmail.com",
            "lunaxo at gmail dot com",
            "luna (at) protonmail (dot) com",
            "l u n a @ g m a i l . c o m",
            "my email is on my bio",
            "send me your email",
        ),
        examples_pass=(
            "look at me now",
            "I'll be at the gym at 5",
            "check your inbox here babe",
            "I'll mail you a signed polaroid through the OF merch store",
            "my mailbox is full of your tips",
        ),
    ),
    ComplianceRule(
        id="meeting.in_person",
        severity=BLOCK,
        category=ComplianceCategory.MEETING,
        label=_("Suggests meeting in person."),
        patterns=(
            r"\bmeet\s*(?:ups?|irl|in\s+person|in\s+real\s+life|face\s+to\s+face|somewhere)\b",
            r"\bmeet\s+me\b(?!\s+(?:in|on|at)\s+(?:the\s+|my\s+)?(?:chat|dms?|live|here|page|feed|stream|vip|inbox))",
            r"\b(?:can|could|should|shall|will|wanna|want\s+to|let'?s|we\s+could|(?:love|like)\s+to)\s+"
            r"(?:we\s+)?meet\b(?!\s+(?:your|my|the|his|her|their|our|all|every|those|these|any|new)\b)",
            r"\bhook\s*-?\s*ups?\b(?!\s+(?:the|my|a|an|with|to)\b)",
            r"\bcome\s+over\b(?!\s+(?:to\s+)?(?:my|the)\s+(?:page|profile|feed|vip|dms?|chat|account)\b)",
            r"\b(?:come|coming|go|going|get|drive|fly|travel)\s+(?:over\s+)?to\s+(?:my|your|ur)\s+"
            r"(?:place|house|home|apartment|apt|flat|room|hotel|city|town|door)\b",
            r"\b(?:my|your|ur)\s+(?:home\s+|exact\s+|street\s+)?address\b",
            r"\b(?:your|my|ur)\s+place\s+or\s+(?:mine|yours)\b",
            r"\bhotel\s+room\b",
            r"\b(?:which|what|your|ur)\s+hotel\b",
            r"\b(?:meet|see|visit|join|come|sleep)\b[^.!?\n]{0,30}\bhotel\b",
            r"\b(?:see|meet|date|fuck|touch|kiss|hang\s+out\s+with)\s+(?:you|me|each\s+other)\s+"
            r"(?:in\s+person|irl|in\s+real\s+life)\b",
        ),
        examples_hit=(
            "we should meet up this weekend",
            "let's meet irl",
            "come over tonight?",
            "I can send you my address",
            "which hotel are you staying at?",
            "wanna hook up?",
            "come to my place after",
            "m e e t u p?",
            "can we meet?",
            "I want to see you in person",
        ),
        examples_pass=(
            "I'll meet your expectations, promise",
            "nice to meet you!",
            "can't wait for you to meet my new lingerie",
            "I'll hook you up with a discount",
            "I shot this set in a hotel last summer",
            "my email address is in my bio",
            "come over to my VIP page",
            "meet me in the chat at 9 for the live show",
        ),
    ),
    ComplianceRule(
        id="minors.age",
        severity=BLOCK,
        category=ComplianceCategory.MINORS,
        label=_("States or suggests an age under 18."),
        literal_patterns=(
            rf"\b{_I_AM}\s+(?:only\s+|just\s+|barely\s+|still\s+)?{_AGE}\b{_NOT_AN_AGE}",
            r"\b1[0-7]\s*(?:yo|y/o|y\.o\b\.?|yrs?\s*old)(?![a-z])",
            rf"\b{_AGE}\s*-?\s*years?\s*-?\s*old\s+(?:girl|boy|me|here|virgin|student|teen|schoolgirl)\b",
            rf"\bi\s+(?:just\s+)?turned\s+{_AGE}\b",
            rf"\bturning\s+{_AGE}\b(?!\s+(?:years?|times?)\b)",
            r"\b(?:turn|be)\s+18\s+(?:next|in|soon|tomorrow)\b",
            rf"\baged?\s*[:=]?\s*{_AGE}\b{_NOT_AN_AGE}",
            rf"\b{_I_AM}\s+(?:still\s+|currently\s+|only\s+)?in\s+(?:(?:[6-9]|1[0-2])(?:st|nd|rd|th)"
            r"|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+grade\b",
        ),
        examples_hit=(
            "I'm 16",
            "im 15 lol",
            "I am only 14",
            "16yo here",
            "15 y/o",
            "i'm sixteen",
            "i'm 1\u200b6",
            "I'm \uff11\uff16",
            "turning 17 next week",
            "age: 15",
            "I'll turn 18 next month",
            "I'm in 10th grade",
        ),
        examples_pass=(
            "I'm 18",
            "I'm 21",
            "I'm 25 and single",
            "I'm 16 minutes away",
            "I'm 5'6 btw",
            "I was 16 when I got my first car",
            "my dog is 15 years old",
            "I'm 10/10 ready for tonight",
            "I'm eighteen and horny",
        ),
    ),
    ComplianceRule(
        id="minors.theme",
        severity=BLOCK,
        category=ComplianceCategory.MINORS,
        label=_("Suggests a minor (underage, school roleplay, 'teen' in a sexual context, age play)."),
        keywords=("underage", "jailbait", "barely legal", "schoolgirl", "schoolboy", "preteen", "ageplay"),
        patterns=(
            r"\bunder\s*-?\s*aged?\b",
            rf"\b{_I_AM}\s+(?:a\s+)?minor\b",
            r"\bloli(?:ta|con|s)?\b",
            r"\bshota(?:con)?\b",
            r"\bddlg\b",
            r"\bage\s*-?\s*play\b",
            r"\bhigh\s*-?\s*schoolers?\b",
            rf"\b{_I_AM}\s+(?:still\s+|currently\s+|only\s+)?(?:in|at|a)\s+(?:high|middle|junior\s+high)\s*school",
            r"\b(?:high|middle)\s*school\s+(?:girl|boy|student|cheerleader|uniform|slut)s?\b",
            rf"\bteen(?:s|age[dr]?s?|ie|y)?\b{_WINDOW}\b{_SEXUAL}\b",
            rf"\b{_SEXUAL}\b{_WINDOW}\bteen(?:s|age[dr]?s?|ie|y)?\b",
        ),
        examples_hit=(
            "I'm underage lol",
            "schoolgirl roleplay tonight?",
            "barely legal vibes",
            "teen pussy pics",
            "I'm still in high school",
            "jailbait energy",
            "\uff53\uff43\uff48\uff4f\uff4f\uff4c\uff47\uff49\uff52\uff4c outfit",
            "sch00lg1rl outfit",
            "naughty teenage slut",
        ),
        examples_pass=(
            "back in high school I played volleyball",
            "when I was a teen I loved horses",
            "my teen years were awkward",
            "that's a minor detail",
            "I'm eighteen and horny",
            "lollipop in my mouth",
            "my school uniform days are long gone, I graduated in 2015",
        ),
    ),
    ComplianceRule(
        id="prohibited.incest",
        severity=BLOCK,
        category=ComplianceCategory.PROHIBITED,
        label=_("Incest or family roleplay."),
        keywords=("incest",),
        patterns=(
            rf"\bstep\s*-?\s*{_FAMILY}s?\b{_WINDOW}\b(?:{_SEXUAL}|role\s*-?\s*play|rp|fantas\w{{1,3}}|taboo)\b",
            rf"\b{_SEXUAL}\b{_WINDOW}\bstep\s*-?\s*{_FAMILY}s?\b",
            rf"\b(?:family|step\s*-?\s*{_FAMILY}|{_FAMILY})\s*(?:role\s*-?\s*play|rp|fantas\w{{1,3}}|taboo)\b",
            r"\btaboo\s+family\b",
            rf"\bpretend\s+(?:i'?m|i\s+am|to\s+be|you'?re|you\s+are)\s+(?:your|ur|my)\s+(?:real\s+)?{_FAMILY}\b",
            rf"\b(?:fuck\w{{0,3}}|sex\s+with|seduc\w{{1,5}})\s+(?:my|your|ur)\s+(?:real\s+|own\s+)?{_FAMILY}\b",
        ),
        examples_hit=(
            "incest roleplay?",
            "stepmom fantasy tonight",
            "step-sis wants to fuck",
            "family roleplay is my fave",
            "pretend I'm your sister",
            "1nc3st",
        ),
        examples_pass=(
            "my stepdad is visiting this weekend",
            "I'm going to my sister's wedding",
            "call me daddy",
            "family dinner tonight then I'm all yours",
            "my mom says hi lol",
        ),
    ),
    ComplianceRule(
        id="prohibited.non_consent",
        severity=BLOCK,
        category=ComplianceCategory.PROHIBITED,
        label=_("Non-consent, rape or sexual acts on someone unable to consent."),
        patterns=(
            r"\brap(?:e|es|ed|ing|ist|ists)\b",
            r"\bnon\s*-?\s*con(?:sent|sensual)?\b",
            r"\bcnc\b",
            r"\bforced\s+(?:sex|fuck\w{0,3}|to\s+(?:fuck|suck|have\s+sex))",
            r"\bforc(?:e|ed|ing)\s+(?:you|me|her|him|them)\s+to\s+(?:fuck|suck|have\s+sex|cum|strip)\b",
            r"\bagainst\s+(?:my|your|her|his|their)\s+will\b",
            r"\b(?:fuck|touch|grope|use|take)\w{0,3}\s+(?:me|you|her|him)\s+(?:while|when)\s+"
            r"(?:i'?m|you'?re|she'?s|he'?s|i\s+am|you\s+are)\s+(?:asleep|sleeping|unconscious|passed\s+out|drugged)\b",
            r"\b(?:drug|drugged|roofie\w{0,3})\s+(?:me|you|her|him)\b",
        ),
        examples_hit=(
            "rape fantasy",
            "non-con roleplay?",
            "CNC is my kink",
            "force me to have sex",
            "r a p e",
            "fuck me while I'm asleep",
        ),
        examples_pass=(
            "grapes are my favorite snack",
            "the drapes in my new room are pink",
            "I fell asleep after the shoot",
            "I forced myself to go to the gym",
            "everything I do is consensual",
        ),
    ),
    ComplianceRule(
        id="prohibited.bestiality",
        severity=BLOCK,
        category=ComplianceCategory.PROHIBITED,
        label=_("Bestiality."),
        keywords=("bestiality", "beastiality"),
        patterns=(
            r"\bzoophil\w{0,4}",
            r"\bzoo\s*(?:sex|porn|play)\b",
            r"\bsex\s+with\s+(?:an?\s+|my\s+|your\s+)?(?:animal|dog|horse|pet)s?\b",
            r"\bfuck\w{0,4}\s+(?:by\s+)?(?:an?|my|your|the)\s+(?:dog|horse|animal|pony)s?\b",
            r"\banimal\s+(?:sex|porn)\b",
        ),
        examples_hit=(
            "bestiality",
            "beastiality vids",
            "zoophilia content",
            "sex with animals",
            "fucked by a dog",
            "b3st1ality",
        ),
        examples_pass=(
            "doggy style tonight?",
            "my dog says hi",
            "I love animals",
            "I mounted a horse for the first time today",
            "call me your kitten",
        ),
    ),
    ComplianceRule(
        id="prohibited.drugs",
        severity=BLOCK,
        category=ComplianceCategory.PROHIBITED,
        label=_("Offers to sell or supply drugs."),
        patterns=(
            rf"\b(?:sell|sells|selling|sold|supply|supplying|dealing|deliver\w{{0,3}}|ship\w{{0,4}}"
            rf"|hook\s+(?:you|u)\s+up\s+with|can\s+get\s+(?:you|u))\b[^.!?\n]{{0,25}}\b{_DRUGS}\b",
            rf"\b{_DRUGS}\s+(?:for\s+sale|on\s+sale|delivery|plug|dealer|menu)\b",
        ),
        examples_hit=(
            "I sell weed too if you want",
            "selling xanax and percs",
            "I can get you molly",
            "coke for sale",
            "edibles delivery in LA",
            "s3lling w33d",
        ),
        examples_pass=(
            "I smoked weed and watched movies",
            "shipping your custom tomorrow",
            "selling my old lingerie",
            "diet coke and chill",
            "I sold out of the blow-up pool floats",
        ),
    ),
    ComplianceRule(
        id="prohibited.escorting",
        severity=BLOCK,
        category=ComplianceCategory.PROHIBITED,
        label=_("Escorting or sex for money."),
        keywords=("escorting",),
        patterns=(
            r"\bescorts?\s+(?:services?|work|agency|rates?)\b",
            r"\b(?:i'?m|i\s+am|work\s+as)\s+an?\s+escort\b",
            r"\b(?:pay|paying|paid)\s+(?:me\s+|you\s+)?for\s+(?:sex|a\s+night|the\s+night|an\s+hour)\b",
            r"\bsex\s+for\s+(?:money|cash|pay|a\s+fee)\b",
            r"\b(?:incall|outcall)s?\b",
        ),
        examples_hit=(
            "I do escorting on the side",
            "my escort rates are on my site",
            "I'm an escort too",
            "you can pay for sex with me",
            "sex for money, discreet",
            "incall only",
        ),
        examples_pass=(
            "pay for the sexy bundle",
            "I'll escort you to my VIP page",
            "I paid for my sex toys myself",
            "I'm in a call right now",
            "my night was so good",
            "I'm in call with my manager",
        ),
    ),
    ComplianceRule(
        id="platform.mention",
        severity=WARN,
        category=ComplianceCategory.PLATFORM,
        label=_("Mentions another platform."),
        keywords=(
            "instagram",
            "insta",
            "tiktok",
            "twitter",
            "fansly",
            "patreon",
            "reddit",
            "youtube",
            "twitch",
            "facebook",
            "fancentro",
            "chaturbate",
            "pornhub",
            "linktree",
        ),
        # Exact spellings only: "many vids" and "loyal fans" are ordinary words.
        patterns=(r"\b(?:my|on|the)\s+(?:ig|fb)\b", r"\bthe\s+gram\b", r"\b(?:manyvids|loyalfans)\b"),
        examples_hit=(
            "I posted the teaser on my Instagram",
            "follow me on twitter for updates",
            "my tiktok blew up lol",
            "I used to be on fansly",
            "1nst4gr4m",
            "saw it on my IG story",
        ),
        examples_pass=(
            "instant replay",
            "I'm on here every night",
            "my favorite app is my notes app",
            "reddish hair today",
            "I'll post it here on OnlyFans",
            "I have so many vids for you",
            "to all my loyal fans: thank you",
        ),
    ),
    ComplianceRule(
        id="promise.refund",
        severity=WARN,
        category=ComplianceCategory.PROMISE,
        label=_("Promises a refund or talks about chargebacks."),
        patterns=(
            r"\brefund\w{0,4}",
            r"\bcharge\s*-?\s*backs?\b",
            r"\bmoney\s*-?\s*back\b",
            r"\b(?:reverse|dispute|cancel)\s+(?:the\s+|your\s+|a\s+)?(?:charge|payment|transaction|purchase)s?\b",
        ),
        examples_hit=(
            "I'll refund you if you don't like it",
            "money back guarantee",
            "just do a chargeback lol",
            "r3fund",
            "I can reverse the charge",
            "you get your money back",
        ),
        examples_pass=(
            "I'll be back tonight",
            "thanks for coming back",
            "charge your phone babe",
            "I'll pay you back with a treat",
            "that was so much fun",
        ),
    ),
    ComplianceRule(
        id="promise.guarantee",
        severity=WARN,
        category=ComplianceCategory.PROMISE,
        label=_("Guarantees something about content not made yet."),
        keywords=("guarantee", "guaranteed"),
        patterns=(
            r"\b100\s*%\s*(?:guarant|satisf|worth|you'?ll|you\s+will|real)",
            r"\bpromised?\s+(?:you\s+)?(?:it|this|the\s+(?:video|vid|set|custom|content|clip|pics?))"
            r"(?:'ll|\s+will|\s+is\s+going\s+to|\s+is\s+gonna)\b",
        ),
        examples_hit=(
            "guaranteed to make you melt",
            "I guarantee you'll love the next set",
            "100% satisfaction",
            "g u a r a n t e e d",
            "I promise the video will be the best yet",
            "promise it'll be your favorite",
        ),
        examples_pass=(
            "I promise I'll reply soon",
            "no promises lol",
            "I hope you like it",
            "guard your heart babe",
            "it was 100 degrees today",
        ),
    ),
    ComplianceRule(
        id="promise.custom_deadline",
        severity=WARN,
        category=ComplianceCategory.PROMISE,
        label=_("Promises custom content by a deadline."),
        patterns=(
            rf"{_CUSTOM}[^.!?\n]{{0,60}}\b{_DEADLINE}",
            rf"\b{_DEADLINE}[^.!?\n]{{0,60}}{_CUSTOM}",
        ),
        examples_hit=(
            "your custom video will be ready by Friday",
            "I'll send the custom within 24h",
            "custom vid tomorrow, promise",
            "you'll get your custom in 2 days",
            "cust0m clip by tonight",
            "asap custom delivery",
        ),
        examples_pass=(
            "customs are open, message me for prices",
            "I love making customs",
            "customer service is closed tomorrow",
            "thanks for your custom request, I'll let you know",
            "I'll post a new set tomorrow",
        ),
    ),
    ComplianceRule(
        id="link.external",
        severity=WARN,
        category=ComplianceCategory.LINK,
        label=_("Contains a link outside onlyfans.com."),
        literal_patterns=(
            rf"{_LINK_START}https?://{_URL_CHARS}{{1,300}}",
            rf"{_LINK_START}www\.{_URL_CHARS}{{1,300}}",
            rf"{_LINK_START}(?:t|wa|paypal)\.me/{_URL_CHARS}{{0,300}}",
            rf"{_LINK_START}[a-z0-9-]{{1,63}}(?:\.[a-z0-9-]{{1,63}}){{0,3}}{_TLDS}(?![\w-])(?:/{_URL_CHARS}{{0,300}})?",
        ),
        examples_hit=(
            "check https://myfans.example.com",
            "www.lunaxo.net",
            "linktr.ee/lunaxo",
            "my site is lunaxo.com",
            "bit.ly/3abcd",
            "https://onlyfans.com.evil.io/luna",
        ),
        examples_pass=(
            "onlyfans.com/luna",
            "https://onlyfans.com/luna/posts",
            "see you at 5.30 babe",
            "so tired.goodnight",
            "version 2.0 of my set",
        ),
    ),
)
