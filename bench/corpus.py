"""Generate large synthetic corpora from the shared articles, for benchmarking.

Each generated article is a source article whose film titles and people are
swapped, consistently within the article, for generated ones, so a big corpus
really mentions tens of thousands of distinct titles and people.  Names are
found without NLP: Title Case spans in the body (and quoted titles anywhere)
are classified as person or title with a few heuristics, then every source is
compiled once into a template (literal text plus name-word slots), so
generating an article is only sampling words and joining strings.

    python bench/corpus.py --source /work/shared/corpus --source /work/shared/corpus/bbc \
        --count 10000 --out /tmp/bench10k [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

# --- word lists for generated names -------------------------------------------------

ADJECTIVES = sorted(set("""Crimson Silent Last Hollow Golden Broken Hidden Distant Burning Frozen Wild Iron
Silver Midnight Scarlet Velvet Electric Quiet Lost Fallen Bright Dark Savage Gentle Bitter Lonely
Final Secret Endless Wicked Shining Restless Sleeping Wandering Forgotten Haunted Crooked Pale
Amber Ivory Copper Emerald Cobalt Violet Obsidian Ashen Northern Southern Eastern Western Little
Great Grand Lucky Holy Savage Hungry Hollow Shattered Twisted Painted Sacred Dusty Rusty Stormy
Misty Sunken Drowned Burnt Blind Brave Cruel Dead Deep Elder Empty Fierce First Free Glass Grey
Heavy High Lunar Solar Mad Narrow Noble Open Perfect Proud Rapid Red Blue Black White Green Royal
Rogue Secondhand Sharp Shadow Sleepless Slow Small Steel Still Strange Sweet Tender Thin Tiny True
Vast Violent Warm Weird Wooden Young Neon Marble Paper Stone Winter Summer Autumn Spring Electric
Atomic Cosmic Crystal Desert Ocean Phantom Radiant Silken Thunder Twilight Velvet Whispering""".split()))

NOUNS = sorted(set("""Harbor Lantern Horizon River Mirror Garden Kingdom Empire Engine Orchard Frontier Compass
Signal Anthem Voyage Station Lighthouse Carnival Circus Falcon Raven Wolf Tiger Dragon Serpent
Phoenix Sparrow Heron Fox Hound Stallion Tempest Storm Thunder Ember Flame Ash Frost Glacier Canyon
Valley Summit Island Coast Desert Jungle Forest Meadow Prairie Tundra Lagoon Reef Tide Current
Echo Whisper Shadow Ghost Spirit Saint Sinner Prophet Outlaw Ranger Hunter Stranger Drifter Runner
Dancer Singer Painter Soldier Sailor Pilot Doctor Widow Orphan Heir Queen King Prince Duke Baron
Knight Bishop Pawn Gambit Circuit Protocol Cipher Code Paradox Theory Vector Orbit Comet Meteor
Nebula Galaxy Planet Moon Sun Star Eclipse Dawn Dusk Night Noon Morning Evening Season Harvest
Winter Summer Autumn Monsoon Rain Snow Wind Cloud Fog Smoke Dust Stone Bone Blood Heart Crown
Sword Shield Arrow Bridge Tower Castle Palace Cathedral Chapel Temple Vault Cellar Attic Hotel
Motel Diner Casino Theater Studio Gallery Museum Library Academy Republic Colony Outpost Citadel
Fortress Harbour Pier Dock Canal Highway Road Avenue Boulevard Alley Street Crossing Junction
Terminal Express Mile Line Border Edge Margin Threshold Doorway Window Curtain Veil Mask Portrait
Letter Diary Ledger Archive Chronicle Legend Myth Ballad Sonata Requiem Lullaby Waltz Tango
Rhapsody Symphony Overture Encore Finale Reckoning Awakening Uprising Rebellion Revolution Exodus
Odyssey Pilgrimage Crusade Heist Getaway Escape Pursuit Chase Hunt Ritual Covenant Promise Oath
Bargain Wager Debt Ransom Treasure Fortune Jackpot Empire Machine Garden Lantern""".split()))

SUFFIXES = sorted(set("""fall haven gate wood light wind fire stone vale crest hold ridge mere moor shore field
water brook spire watch reach mark bourne ward wick thorn glade hollow""".split()))

FIRST_NAMES = sorted(set("""James Robert John Michael David William Richard Joseph Thomas Charles Daniel Matthew
Anthony Mark Paul Steven Andrew Joshua Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan
Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Frank Gregory
Raymond Alexander Patrick Jack Dennis Jerry Tyler Aaron Jose Adam Henry Nathan Douglas Zachary Peter
Kyle Walter Ethan Jeremy Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin Arthur
Lawrence Jesse Dylan Bryan Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy
Ralph Randy Eugene Vincent Russell Elijah Louis Bobby Philip Johnny Mary Patricia Jennifer Linda
Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret Sandra Ashley Kimberly Emily
Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen
Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha Katherine Christine Debra Rachel
Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie Joyce Victoria Olivia Kelly Christina
Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha Jacqueline Frances Gloria Ann Teresa
Kathryn Sara Janice Jean Alice Madison Doris Abigail Julia Judy Grace Denise Amber Marilyn Beverly
Danielle Theresa Sophia Marie Diana Brittany Natalie Isabella Charlotte Rose Alexis Kayla Ingrid
Mateo Lucia Hiroshi Yuki Priya Arjun Chiara Luca Sofia Nadia Omar Leila Tomas Ines Kofi Amara""".split()))

SURNAMES = sorted(set("""Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez
Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green
Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz
Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan
Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno
West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall
Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker
Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz
Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice
Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley
Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham
Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston
Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Whitfield Ashcroft Blackwood
Thornbury Kowalski Novak Lindqvist Okafor Mbeki Yamamoto Takahashi Moretti Rossi Bianchi Dubois
Laurent Fontaine Keller Brandt Vogel Larsen Nilsson Haugen Virtanen Kovacs Horvath Petrov Volkov
Ivanova Sokolov Szabo Nowak Costa Ferreira Almeida Oliveira Kapoor Mehta Rao Iyer Haddad Nasser
Farouk Mansour Adeyemi Okonkwo Mensah Asante Quinn Doyle Brennan Gallagher Donnelly Byrne Walsh""".split()))

# --- name discovery -----------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UPPER}][^\W\d_]*(?:['’\-](?!s\b)[^\W\d_]+)*"
_CONN = r"(?:of the|and the|of|de|da|del|von|van|der|du)"
_SPAN = re.compile(rf"(?<![\w'’]){_WORD}(?:(?: {_CONN} |: | ){_WORD})*(?: \d{{1,2}}\b(?![.,]\d))?")
_QUOTED = re.compile(rf"(?:^|(?<=[\s(]))['‘“\"]({_WORD}(?:(?: {_CONN} |: | )(?:{_WORD}|\d{{1,2}}))*)['’”\"](?=[\s,.:;!?)]|$)")
_SENTENCE_END = re.compile(r"(?:[.!?:]['’\"”)]?\s+|[\"“‘(\n]\s*)$")
_LOWER_WORDS = re.compile(r"(?<![\w'’])[a-zà-ÿ][a-zà-ÿ'’\-]*")
# Words kept as they are inside titles (and a sign that a span is a title, not a person).
_CONNECTORS = set("""of the and de da del von van der du The A An Of And In On At To For With By From
Into Upon My Your Our I Me We You Who Is It Not No""".split())
_HONORIFICS = {"Sir", "Dame", "Lord", "Lady", "Dr", "Mr", "Mrs", "Ms", "Miss", "Prince", "Princess",
               "King", "Queen", "President", "Director", "Judge", "General", "Captain"}
_BLOCKED = set("""Film Films Festival Award Awards Academy Studio Studios Pictures Entertainment News
Magazine Times Post Journal Records Theatre Theater Street University Museum Gallery Prize Globe Globes
Office Bros Club Hall Centre Center Square City Park Road House Company Corp Corporation Group Channel
TV Radio Music Oscar Oscars Guild Party Council Association Society Institute School College Cinema
Cinemas Box Day Night Week Year Kingdom States York Angeles Francisco Island Islands North South East
West Royal International Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
February March April May June July August September October November December BBC US UK USA EU
Hollywood Broadway London Paris Berlin Cannes Venice Toronto Sundance Disney Netflix Warner Universal
Paramount Sony Fox Amazon Apple Google Twitter Facebook Empire Variety Reuters Foundation
Trust Fund Bank Network Media Ltd Inc Limited Chart Top Album Single Show Series Season Episode""".split())


def _words(span: str) -> list[str]:
    return [w.rstrip(":") for w in span.split()]


@dataclass
class _Names:
    """Names found in one source article: person and title spans, lone words to swap."""

    persons: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    lone: dict[str, str] = field(default_factory=dict)  # word -> slot kind F/L/T


def _find_names(headline: str, body: str, common: set[str]) -> _Names:
    """Classify the Title Case spans of one article as people or film titles."""
    names = _Names()
    for text in (headline, body):
        for m in _QUOTED.finditer(text):
            if len(_words(m.group(1))) <= 6:
                names.titles.add(m.group(1))
    candidates: list[str] = []
    for m in _SPAN.finditer(body):
        words = m.group().split(" ")
        start = m.start() == 0 or bool(_SENTENCE_END.search(body[max(0, m.start() - 4):m.start()]))
        while words and (words[0].rstrip(":") in _HONORIFICS
                         or (start and words[0].lower().rstrip(":") in common)):
            words.pop(0)
            start = False
        while words and words[0].islower():  # a span never starts "of the ..."
            words.pop(0)
        if 2 <= len(words) <= 7:
            candidates.append(" ".join(words))
    for span in candidates:
        ws = _words(span)
        if ":" in span or ws[-1].isdigit() or any(w in _CONNECTORS for w in ws):
            names.titles.add(span)
        elif any(w in _BLOCKED for w in ws) or any(w.isupper() and len(w) > 1 for w in ws):
            continue
        elif len(ws) <= 3 and _looks_like_person(ws, body, common):
            names.persons.add(span)
        else:
            names.titles.add(span)
    names.persons = {p for p in names.persons
                     if not any(t.startswith(p + " ") for t in names.titles)}
    for p in names.persons:
        ws = _words(p)
        names.lone.setdefault(ws[-1], "L")
        if ws[0].lower() not in common and len(ws[0]) > 2:
            names.lone.setdefault(ws[0], "F")
    for t in names.titles:
        base = re.split(r":| \d", t)[0].strip()
        if base and " " not in base and base not in names.lone and base not in _CONNECTORS:
            names.lone[base] = "T"
    return names


def _looks_like_person(ws: list[str], body: str, common: set[str]) -> bool:
    if ws[0].lower() in common and ws[0] not in FIRST_NAMES:
        return False
    if ws[-1].lower() not in common or ws[0] in FIRST_NAMES:
        return True
    return re.search(rf"[a-z,] {re.escape(ws[-1])}\b(?! [{_UPPER}])", body) is not None


# --- templates ----------------------------------------------------------------------

Slot = tuple[str, str]  # (F/L person first/last word, or T title word; original word)


@dataclass
class Template:
    """A source article compiled to literal pieces and name slots."""

    name: str
    parts: list[str | int]       # literals, or an index into ``slots``
    slots: list[Slot]
    pools: list[str]             # per slot: F, L, T (adjective), N (noun), S (sole title word)
    persons: list[list[str | int]]
    titles: list[list[str | int]]


class _Slots:
    """Slot numbering shared by all spans of one article, so each word maps one way."""

    def __init__(self) -> None:
        self.ids: dict[Slot, int] = {}
        self.pools: list[str] = []

    def get(self, slot: Slot, pool: str) -> int:
        if slot not in self.ids:
            self.ids[slot] = len(self.pools)
            self.pools.append(pool)
        return self.ids[slot]


def _entity_parts(span: str, kind: str, slots: _Slots) -> list[str | int]:
    """Split a person (P), title (T) or lone-word (F/L/T) span into literals and slot ids."""
    if kind in "FL":
        return [slots.get((kind, span), kind)]
    if kind == "P":
        ws = span.split(" ")
        out: list[str | int] = []
        for i, w in enumerate(ws):
            k = "L" if i == len(ws) - 1 else "F"
            out += [" "] * bool(i) + [slots.get((k, w), k)]
        return out
    out = []
    for j, segment in enumerate(span.split(": ")):
        ws = segment.split(" ")
        names = [i for i, w in enumerate(ws) if not (w.isdigit() or w in _CONNECTORS)]
        out += [": "] * bool(j)
        for i, w in enumerate(ws):
            out += [" "] * bool(i)
            if i not in names:
                out.append(w)
            else:
                pool = "S" if len(names) == 1 else "N" if i == names[-1] else "T"
                out.append(slots.get(("T", w), pool))
    return out


def _read(path: Path) -> tuple[str, str]:
    """Headline and body of an article file (date and source lines dropped)."""
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    m = re.match(r"date\s+\S+\s*(.*)", lines[0].strip())
    headline = m.group(1) if m else lines[0].strip()
    rest = lines[1:]
    if rest and rest[0].startswith("source "):
        rest = rest[1:]
    return headline, "\n".join(rest).strip()


def build_templates(sources: list[Path]) -> list[Template]:
    """Read every ``*.txt`` article under the source folders and compile it to a template."""
    files = sorted(f for d in sources for f in Path(d).glob("*.txt"))
    texts = [(f.name, *_read(f)) for f in files]
    common = {w.lower() for _, h, b in texts for w in _LOWER_WORDS.findall(b)}
    templates = []
    for name, headline, body in texts:
        names = _find_names(headline, body, common)
        slots = _Slots()
        persons = [_entity_parts(p, "P", slots) for p in sorted(names.persons)]
        titles = [_entity_parts(t, "T", slots) for t in sorted(names.titles)]
        spans = {p: "P" for p in names.persons} | {t: "T" for t in names.titles}
        spans |= {w: k for w, k in names.lone.items() if w not in spans}
        parts: list[str | int] = []
        text = f"{headline}\n\n{body}"
        if spans:
            alts = "|".join(re.escape(s) for s in sorted(spans, key=len, reverse=True))
            pos = 0
            for m in re.finditer(rf"(?<![\w'’])(?:{alts})(?![\w])", text):
                parts.append(text[pos:m.start()])
                parts.extend(_entity_parts(m.group(), spans[m.group()], slots))
                pos = m.end()
            parts.append(text[pos:])
        else:
            parts.append(text)
        templates.append(Template(name, _merge(parts), list(slots.ids), slots.pools, persons, titles))
    return templates


def _merge(parts: list[str | int]) -> list[str | int]:
    out: list[str | int] = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        elif p != "":
            out.append(p)
    return out


# --- generation ---------------------------------------------------------------------

_POOLS = {"F": FIRST_NAMES, "L": SURNAMES, "T": ADJECTIVES, "N": NOUNS}
_DAY0 = dt.date(2004, 1, 1).toordinal()
_DAYS = dt.date(2026, 12, 31).toordinal() - _DAY0


def _sole_word(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(NOUNS)
    return rng.choice(ADJECTIVES + NOUNS) + rng.choice(SUFFIXES)


def _new_words(template: Template, rng: random.Random) -> list[str]:
    """Fresh words for a template's slots: distinct per kind within the article."""
    out: list[str] = []
    used: set[str] = set()
    for pool in template.pools:
        for _ in range(20):
            word = _sole_word(rng) if pool == "S" else rng.choice(_POOLS[pool])
            if word not in used:
                break
        used.add(word)
        out.append(word)
    return out


def render(parts: list[str | int], words: list[str]) -> str:
    """Join template pieces, filling slots with ``words``."""
    return "".join(p if isinstance(p, str) else words[p] for p in parts)


def generate(sources: list[Path], count: int, out: Path, seed: int = 1) -> int:
    """Write ``count`` articles and ``questions.jsonl`` into ``out``; return how many articles."""
    return _generate(sources, count, out, seed)[0]


def _generate(sources: list[Path], count: int, out: Path, seed: int) -> tuple[int, set[str], set[str]]:
    rng = random.Random(seed)
    templates = build_templates(sources)
    out.mkdir(parents=True, exist_ok=True)
    every = max(1, count // 1000)
    all_titles: set[str] = set()
    all_people: set[str] = set()
    with open(out / "questions.jsonl", "w", encoding="utf-8") as qf:
        for n in range(1, count + 1):
            t = templates[rng.randrange(len(templates))]
            words = _new_words(t, rng)
            titles = [render(p, words) for p in t.titles]
            people = [render(p, words) for p in t.persons]
            all_titles.update(titles)
            all_people.update(people)
            if rng.random() < 0.03:
                date = "unknown"
            else:
                date = dt.date.fromordinal(_DAY0 + rng.randrange(_DAYS)).isoformat()
            name = f"{n:06d}.txt"
            headline, _, body = render(t.parts, words).partition("\n\n")
            (out / name).write_text(
                f"date {date} {headline}\nsource https://bench.example/{n}\n\n{body}\n", encoding="utf-8")
            if n % every == 0 and (titles or people):
                qf.write(json.dumps(_question(rng, name, titles, people)) + "\n")
    return count, all_titles, all_people


# --- questions ----------------------------------------------------------------------

_INTENTS = [("!ask", 33), ("!who directed", 22), ("!who stars in", 14), ("!who produced", 7),
            ("!status", 6), ("!who wrote", 5), ("!who composed", 5), ("!when", 5), ("!who is", 3)]
_ASK = ["how much did {t} make?", "how much did {t} cost?", "who plays the lead in {t}?",
        "when does {t} come out?", "what is {t} about?", "who directed {t}?",
        "is there a sequel to {t}?", "what did critics say about {t}?", "where was {t} filmed?"]
_SYLLABLES = "zor vex qui lun dra mok tha bri sel vay kro nim ost pel gar ux".split()


def _question(rng: random.Random, name: str, titles: list[str], people: list[str]) -> dict:
    """One timing question about a generated title (or person), maybe misspelt or made up."""
    intent = rng.choices([i for i, _ in _INTENTS], [w for _, w in _INTENTS])[0]
    q: dict = {"article": name}
    if intent == "!who is" or not titles:
        subject = rng.choice(people) if people else rng.choice(titles)
        intent = "!who is" if people else "!who directed"
    else:
        subject = rng.choice(titles)
    roll = rng.random()
    if roll < 0.05:
        subject = " ".join(
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            for _ in range(rng.randint(1, 3)))
        q = {"article": None, "none": True}
    elif roll < 0.15:
        subject = _typo(rng, subject)
        q["typo"] = True
    if rng.random() < 0.3:
        subject = subject.lower()
    if intent == "!ask":
        command = "!ask " + rng.choice(_ASK).format(t=subject)
    else:
        command = f"{intent} {subject}"
    return {"command": command, **q}


def _typo(rng: random.Random, text: str) -> str:
    """Drop one letter, or swap two neighbouring letters, inside a word of 4+ letters."""
    spots = [i for i in range(1, len(text) - 1) if text[i].isalpha() and text[i + 1].isalpha()]
    if not spots:
        return text
    i = rng.choice(spots)
    if rng.random() < 0.5:
        return text[:i] + text[i + 1:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def main(argv: list[str] | None = None) -> None:
    """Command line: generate a corpus and print how many articles and how long it took."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", action="append", type=Path, required=True,
                    help="folder of *.txt articles (repeatable)")
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stats", action="store_true", help="also print distinct titles/people")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    n, titles, people = _generate(args.source, args.count, args.out, args.seed)
    print(f"wrote {n} articles to {args.out} in {time.perf_counter() - t0:.2f}s")
    if args.stats:
        print(f"distinct titles: {len(titles)}, distinct people: {len(people)}")


if __name__ == "__main__":
    main()
