#!/usr/bin/env python3
"""Writes corpus.jsonl: synthetic ad texts with the entities and terms each must yield.

Every contact detail is fictional or a published test vector: 555-01xx numbers (reserved for
fiction in North America), Ofcom's drama range 020 7946 0xxx, example.com / .test domains,
BIP-173/350, EIP-55 and well-known public wallet addresses. Run it again after editing; the
output is deterministic (fixed seed). The expected values follow docs/text-normalisation.md.
"""
import json
import random

rnd = random.Random(20261128)
FULL = {c: chr(ord(c) + 0xFEE0) for c in "0123456789-"}
WORDS = "zero one two three four five six seven eight nine".split()
KEYCAP = "\ufe0f\u20e3"
ZW = "\u200b"

cases = []


def case(text, entities=(), terms=(), note=""):
    cases.append({"id": f"c{len(cases) + 1:03d}", "text": text,
                  "entities": [{"type": t, "value": v} for t, v in entities],
                  "terms": list(terms), "note": note})


# ---- phones: 10-digit NANP numbers in the 555-01xx fiction range, written ten ways ----
AREAS = ["212", "312", "415", "702", "305", "713", "404", "617"]
LEADS = ["Call me", "Text only", "Reach me at", "New number", "Available now, call", "Hit me up",
         "Serious inquiries", "Appointments"]


def styles(area, line):
    d = area + "555" + line
    yield f"({area}) 555-{line}", "parenthesised"
    yield f"{area}.555.{line}", "dotted"
    yield d, "run of digits"
    yield f"+1 {area} 555 {line}", "international"
    yield "".join(FULL[c] for c in f"{area}-555-{line}"), "full-width"
    yield "".join(c + KEYCAP for c in d), "keycaps"
    spelled = f"{WORDS[int(area[0])]}{area[1]}{WORDS[int(area[2])]} {WORDS[5]}5{WORDS[5]} 0{line[1]}{WORDS[int(line[2])]}{line[3]}"
    yield spelled, "spelled-out digits mixed in"
    yield ZW.join(f"{area}-555-{line}"), "zero-width between chars"
    yield f"{area} 555 {line.replace('0', 'O')}", "letter O for zero"
    yield " ".join(d), "spaced out"


for i, area in enumerate(AREAS):
    line = f"01{rnd.randint(0, 99):02d}"
    for written, note in styles(area, line):
        lead = rnd.choice(LEADS)
        case(f"{lead} {written} anytime, ask for Mia.", [("phone", f"+1{area}555{line}")], note="phone: " + note)

case("UK visitors: +44 20 7946 0958, central London.", [("phone", "+442079460958")], note="phone: UK drama range")
case("Ring 020 7946 0321 from abroad use +44 20 7946 0321", [("phone", "+442079460321")],
     note="phone: same UK number twice, one entity per occurrence folded")

# ---- emails ----
NAMES = ["mia.rose", "lexi", "jade_88", "bella.vip", "sasha2024", "nina.k"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
for i, name in enumerate(NAMES):
    dom = DOMAINS[i % len(DOMAINS)]
    addr = f"{name}@{dom}"
    dom_obf = dom.replace(".", " (dot) ")
    for written, note in [
        (addr, "plain"),
        (addr.upper(), "upper case"),
        (f"{name} (at) {dom_obf}", "(at) (dot)"),
        (f"{name}[at]{dom.replace('.', '[dot]')}", "[at][dot]"),
    ]:
        case(f"Email {written} for rates and pics.", [("email", addr)], note="email: " + note)
case("Write jen\uff20example.com today", [("email", "jen@example.com")], note="email: full-width at sign")

# ---- URLs and domains ----
for path in ["ads/123", "girls/new", "book?id=77", "profile/mia"]:
    case(f"See more at https://example.com/{path} now", [("url", f"https://example.com/{path}"), ("domain", "example.com")],
         note="url: https")
    case(f"Pics: www.example.test/{path}", [("url", f"https://www.example.test/{path}"), ("domain", "example.test")],
         note="url: www without scheme")
case("Visit example.com for the menu", [("domain", "example.com")], note="domain: bare")
case("Visit example[.]org tonight", [("domain", "example.org")], note="domain: defanged dot")
case("Book through HTTPS://EXAMPLE.NET/Book", [("url", "https://example.net/Book"), ("domain", "example.net")],
     note="url: upper-case scheme and host, path case kept")

# ---- handles ----
HANDLE_CASES = [
    ("Telegram: t.me/miarose_vip", ("telegram", "miarose_vip")),
    ("DM on telegram @sweetlexi", ("telegram", "sweetlexi")),
    ("Pay deposit $MiaRose22 on cash app", ("cashapp", "miarose22")),
    ("cashapp: jadebaby", ("cashapp", "jadebaby")),
    ("Deposit via paypal.me/bellavip", ("paypal", "bellavip")),
    ("venmo @nina-k-23 for deposit", ("venmo", "nina-k-23")),
    ("sc: sashaxo", ("snapchat", "sashaxo")),
    ("snap: lexi.fun", ("snapchat", "lexi.fun")),
    ("IG: mia.rose.official", ("instagram", "mia.rose.official")),
    ("kik: jadeee", ("kik", "jadeee")),
]
# A profile link is a handle, and also a URL and a domain in its own right.
LINKS = {"t.me/miarose_vip": ("https://t.me/miarose_vip", "t.me"),
         "paypal.me/bellavip": ("https://paypal.me/bellavip", "paypal.me")}
for text, (service, name) in HANDLE_CASES:
    expected = [("handle", f"{service}:{name}")]
    for link, (url, domain) in LINKS.items():
        if link in text:
            expected += [("url", url), ("domain", domain)]
    case(f"{text} - serious only", expected, note="handle: " + service)
case("WhatsApp wa.me/12125550147", [("handle", "whatsapp:+12125550147"), ("url", "https://wa.me/12125550147"),
                                    ("domain", "wa.me")], note="handle: whatsapp link")

# ---- wallets (published vectors) ----
WALLETS = [
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
    ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
     "btc:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
    ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
    ("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "eth:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359"),
    ("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "eth:0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb"),
    ("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "eth:0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb"),
    ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
]
for written, value in WALLETS:
    case(f"Deposit to {written} before we meet", [("wallet", value)], note="wallet")
# Broken checksums: one character changed. A wallet-looking string that fails its checksum is
# not a wallet, and its digits are not a phone number either.
for written, _ in WALLETS[:6]:
    broken = written[:-1] + ("X" if written[-1] != "X" else "Y") if not written.startswith(("0x", "bc1", "BC1")) \
        else written[:-1] + ("q" if written[-1] != "q" else "p")
    if written.startswith("0x"):
        broken = written[:3] + ("A" if written[3] != "A" else "B") + written[4:]  # breaks EIP-55 case
    case(f"Deposit to {broken} before we meet", [], note="wallet: bad checksum")

# ---- terms (feed code words), plain and obfuscated ----
TERMS = ["new in town", "just arrived", "young and fresh", "full service", "no law enforcement",
         "party favors", "roses", "incall only", "🍒🍭", "daddy's girl"]
TERM_CASES = [
    ("Sweet girl NEW IN TOWN this week", ["new in town"], "upper case"),
    ("Sweet girl n e w  i n  t o w n this week", ["new in town"], "spaced out"),
    ("Just\u200b arrived from Miami", ["just arrived"], "zero-width"),
    ("Jυst аrrived from Miami", ["just arrived"], "Greek/Cyrillic look-alikes"),
    ("y0ung and fr3sh", ["young and fresh"], "leetspeak"),
    ("ｆｕｌｌ ｓｅｒｖｉｃｅ available", ["full service"], "full-width"),
    ("NO LAW ENFORCEMENT!!!", ["no law enforcement"], "punctuation after"),
    ("Party favors available on request", ["party favors"], "plain"),
    ("100 roses per hour", ["roses"], "code word for money"),
    ("Incall only, downtown", ["incall only"], "plain"),
    ("Treats 🍒🍭 tonight", ["🍒🍭"], "emoji code"),
    ("Daddy’s girl waiting", ["daddy's girl"], "curly apostrophe"),
    ("𝐧𝐞𝐰 𝐢𝐧 𝐭𝐨𝐰𝐧 and just arrived", ["new in town", "just arrived"], "mathematical bold + plain"),
    ("r0ses accepted", ["roses"], "leetspeak digit"),
    ("ⓝⓔⓦ ⓘⓝ ⓣⓞⓦⓝ", ["new in town"], "circled letters"),
]
for text, terms, note in TERM_CASES:
    case(text, [], terms, note="term: " + note)
# A keyword is a lead, not proof: its ordinary use matches too, and rules weigh it as such.
case("The roses in the garden bloomed early.", [], ["roses"], note="term: keyword in ordinary use")
case("Full service history, one owner, 62,000 miles.", [], ["full service"], note="term: keyword in ordinary use")

# ---- mixed ----
case("NEW IN TOWN 🍒🍭 call (212) 555-0188 or t.me/miarose_vip, deposit $MiaRose22",
     [("phone", "+12125550188"), ("handle", "telegram:miarose_vip"), ("url", "https://t.me/miarose_vip"),
      ("domain", "t.me"), ("handle", "cashapp:miarose22")],
     ["new in town", "🍒🍭"], note="mixed")
case("Email lexi (at) example (dot) com, BTC bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
     [("email", "lexi@example.com"), ("wallet", "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")], note="mixed")

# ---- ordinary text that must yield nothing ----
NEGATIVES = [
    "Two-bedroom flat, 850 per month, available from 1 March 2027.",
    "Bike for sale: $200 or best offer. Ridden twice in 2024.",
    "Open 24/7, call in at 10:30 for a table for four.",
    "I'm 5'4\" and 120 lbs, size 8 dress for sale.",
    "Version 1.2.3 of the app fixes the login bug.",
    "Meet at the end. Com on, it will be fun!",
    "Mr. Smith sold photo.jpg and notes.txt to the museum.",
    "Our office is at 1600 Amphitheatre Parkway, zip 94043.",
    "Refreshing lemonade for a little extra, one dollar.",
    "The dot com bubble burst in 2000 and 2001.",
    "Ticket no. 4417 2300 expires 12/28.",
    "Scored 98 out of 100 on the test; class of 2015.",
    "For a little extra we deliver before nine.",
    "Call me at one if the kids are asleep.",
    "Order #55501234 shipped; track on the courier's site.",
    "Table seats six; chairs sold separately at $45 each.",
    "Flight UA 1234 departs at 07:45 from gate 12.",
    "The recipe needs 2 eggs, 250 g flour and 1 tsp salt.",
    "Pay $5 cover at the door, drinks $7.",
    "She was born on 03.04.1999 in Lyon.",
    "Our Wi-Fi password is on the fridge.",
    "Coordinates 40.7128, -74.0060 mark the spot.",
    "Room 1402, floor 14, building B.",
    "IBAN on request for the deposit of the flat.",
    "Rated 4.8 stars by 1,204 guests.",
    "Serial SN-0021-4432-9981 under the battery.",
    "Grade 10 maths tutor, £25 an hour.",
    "Puppies ready at 8 weeks, vaccinated.",
    "We moved in town last year and love it.",
    "A fresh coat of paint and new carpets.",
    "Arrived just in time for the party.",
    "ISBN 978-3-16-148410-0, first edition.",
    "Temperature 21.5 C, humidity 40 %.",
    "Model number 0x1F for the register map.",
    "Prices from 1500 to 2500 depending on the size.",
    "Phone case for iPhone 15, never used.",
    "Lot 7 of 12, reserve 3000.",
    "The 555 timer chip is a classic circuit.",
    "Back in 5 min, gone to lunch at twelve.",
    "Invoice 2026-0117 is due in thirty days.",
    "Parking: bays 1 to 40, level minus two.",
    "Bus lines 212 and 555 stop outside.",
    "Sale ends Sunday: two for one on all shoes.",
]
for text in NEGATIVES:
    case(text, [], [], note="ordinary text")

with open("corpus.jsonl", "w", encoding="utf-8") as out:
    for c in cases:
        out.write(json.dumps(c, ensure_ascii=False) + "\n")
with open("corpus-terms.txt", "w", encoding="utf-8") as out:
    out.write("\n".join(TERMS) + "\n")
print(len(cases), "cases")
