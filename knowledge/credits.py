"""Credits the press states without a credit verb: ``Hayao Miyazaki's previous film Spirited
Away``, ``director Ann Lee's Night Train``, ``the Dunleavy-led Kestrel spinoff``, ``the Teodor
Vasilescu-directed sequel``.

A possessive credit says only that a film is someone's; what they did comes from how the
article introduces them ("director Ann Lee", "Ann Lee, who directed", "actor ...", "the novelist
..."), else it is read as the press mostly means it: the film's director. Each credit names the
rule that found it, for ``filmbot ask --explain``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .names import COMPOUND, CREDIT_COMPOUNDS

# A role word just before a name, or in apposition after it ("Ann Lee, the director"): what
# the person does. Read through fold_lower (lower case, straight quotes).
ROLE_WORDS = {
    "directed": r"director|directors|filmmaker|film-maker|helmer|auteur|animator|writer-director|director-writer|directed by",
    "stars": r"actor|actress|actors|star|co-star|comedian|stand-up|singer|rapper|newcomer|lead|starring|co-starring",
    "wrote": r"writer|writers|screenwriter|screenwriters|author|novelist|playwright|scribe|creator|written by",
    "produced": r"producer|producers|executive producer|studio|distributor|streamer|company|banner",
    "composed": r"composer|musician",
}
_ROLES = "|".join(f"(?P<{rel}>{words})" for rel, words in ROLE_WORDS.items())
_ROLE_BEFORE = re.compile(rf"\b(?:{_ROLES})\s+(?:[\w'-]+\s+)?$")
_ROLE_AFTER = re.compile(rf",\s+(?:the|a|an|its)\s+(?:[\w'-]+\s+){{0,2}}(?:{_ROLES})\b")
# "Miyazaki's previous film Spirited Away", "Bertolucci's Last Tango in Paris": between the
# owner's "'s" and the title, at most three lower-case words (adjectives, years, a film noun),
# the last perhaps with a comma ("Miyazaki's latest film, Howl's Moving Castle").
_POSSESSION = re.compile(r"['’]s?\s+(?:(?:[a-z0-9][\w-]*),?\s+){0,3}$|\s+(?:film|movie|vehicle|films|movies)\s+$")  # (or "Jude Law film Closer")
# "Rask, whose micro-budget debut "Gannet Point"", "Almazán, whose only previous feature was the
# Mexican horror pic Cenote Negro": a person's own film, said in a whose-clause.
_WHOSE_FILM = re.compile(
    r",\s+whose\s+(?:[\w'-]+\s+){0,3}(?:debut|feature|film|movie|picture|work|project)s?,?\s+(?:[\w'-]+\s+){0,6}?[\"“‘']?"
)
# "X's previous film", "X's latest movie", "X, whose debut feature": a filmmaker's own film (but
# "Irons, whose film Being Julia" may be his as its star)
_FILMMAKERS_FILM = re.compile(r"\b(?:debut|feature|film|movie)\b")
_DEBUT = re.compile(r"\b(?:debut|feature)\b")
_ACTOR_IN = re.compile(r"\b(?:role|roles|part|performance|turn|appearance|appeared|appears|starred|starring|stars|cameo)\s+in\s+$")
# "Lee has made more than 25 films, including ...", "Sir Alan's films include ...", "seven Spike Lee
# movies, including ...": a filmography, each film listed after it the person's.
_MADE_FILMS = re.compile(
    r"\s+(?:has|have|had)?\s*(?P<verb>made|directed|helmed|starred in|appeared in)\s+(?:more than\s+|over\s+|some\s+|nearly\s+)?"
    r"(?:[\w-]+\s+)?(?:[\w-]+\s+)?(?:films|movies|features|pictures)\s*,?\s+(?:including|such as|among them)\s+[\"“‘']?"
)
_OWNS_FILMS = re.compile(r"(?:['’]s?)?\s+(?:films|movies|features|credits)\s*,?\s+(?:include|includes|included|including|such as)\s+[\"“‘']?")
_FEW_WORDS = re.compile(r"(?:[\w-]+\s+){0,2}[\"“‘']?")
LIST_JOIN = re.compile(r"[\"”’']?(?:,\s+|,?\s+(?:and|or|plus)\s+)[\"“‘']?")  # between the names of a list
_VERB_RELATION = {"made": "directed", "directed": "directed", "helmed": "directed", "starred in": "stars", "appeared in": "stars"}
# "Baek has described her new film, Parade of Small Gods": the film of the person named before.
_PRONOUN_FILM = re.compile(
    r"\b(?:his|her|their)\s+(?:[a-z-]+\s+){0,2}(?:film|movie|feature|debut|project|follow-up)\s*,?\s+[\"“‘']?$", re.IGNORECASE
)
POSSESSIVE_WEIGHT = 0.8  # "X's film" says less than "directed by X"
UNKNOWN_ROLE_WEIGHT = 0.45  # ... and less still when the article never says what X does (too little to add up)


class Credit(NamedTuple):
    """A person credited with a relation of the film named at ``film_start``."""

    relation: str
    owner: str  # the name as written
    start: int  # where the credit is stated: the owner's name
    end: int
    film_start: int
    weight: float
    rule: str


def roles(lowered: str, start: int, end: int) -> set[str]:
    """The relations the words around one mention of a person give them ("director X")."""
    found = set()
    for m in (_ROLE_BEFORE.search(lowered, max(0, start - 30), start), _ROLE_AFTER.match(lowered, end, end + 50)):
        if m is not None:
            found.add(m.lastgroup)
    return found


def possessive_credits(text: str, owners: list[tuple[int, int, str, set[str], bool]], films: list[int]) -> list[Credit]:
    """``owners``: (start, end, display, known roles, is a person) of the persons and companies a
    sentence names; ``films``: where the films it names explicitly start."""
    out = []
    for start, end, display, known, person in owners:
        for film_start in films:
            if film_start <= end or film_start - end > 60:
                continue
            whose = _WHOSE_FILM.fullmatch(text, end, film_start)
            owned = whose or _POSSESSION.fullmatch(text, end, film_start)
            if not owned:
                continue
            if known:
                out += [Credit(rel, display, start, end, film_start, POSSESSIVE_WEIGHT, f"{display}'s film, and a {rel} credit elsewhere")
                        for rel in sorted(known)]
            elif person and owned.group()[:1] in "'’" and _ACTOR_IN.search(text, max(0, start - 40), start):
                # "her role in Mike Nichols' Closer": someone acts in it, so its owner made it
                out.append(Credit("directed", display, start, end, film_start, POSSESSIVE_WEIGHT,
                                  f"a role in {display}'s film: {display} made it"))
            elif person and owned.group()[:1] in "'’," and (_DEBUT if whose else _FILMMAKERS_FILM).search(owned.group()):
                # "Miyazaki's previous film", "Rask, whose debut" (but "Jude Law film Closer" may be his as its star)
                out.append(Credit("directed", display, start, end, film_start, UNKNOWN_ROLE_WEIGHT,
                                  f"{display}'s film (a film is its director's, unless the article says otherwise)"))
            break  # (bare "Wesley Snipes' Blade: Trinity", "BBC Films' Dirty War": theirs, but as what?)
    return out


def compound_credits(text: str, owners: list[tuple[int, int, str, set[str], bool]], films: list[int]) -> list[Credit]:
    """``the Dunleavy-led Kestrel spinoff``: the film after a name-credit compound."""
    out = []
    for start, end, display, _, _ in owners:
        m = COMPOUND.match(text, end)
        if m is None:
            continue
        after = [f for f in films if m.end() <= f <= m.end() + 30]
        out.append(Credit(
            CREDIT_COMPOUNDS[m.group(1)], display, start, m.end(), after[0] if after else -1, 1.0,
            f"“{display}-{m.group(1)}”",
        ))
    return out


def filmography_credits(text: str, owners: list[tuple[int, int, str, set[str], bool]], films: list[tuple[int, int]]) -> list[Credit]:
    """``Lee has made more than 25 films, including Jungle Fever and Do the Right Thing``,
    ``Sir Alan's films include Fame and The Commitments``: every film of the list is theirs (as
    the verb says, else as the article says they work, else as its director)."""
    out = []
    for start, end, display, known, person in owners:
        if not person:
            continue
        made, owns = _MADE_FILMS.match(text, end), _OWNS_FILMS.match(text, end)
        m = made or owns
        if m is None:
            continue
        relations = [_VERB_RELATION[made.group("verb")]] if made else sorted(known) or ["directed"]
        weight = POSSESSIVE_WEIGHT if made or known else UNKNOWN_ROLE_WEIGHT
        at, first = m.end(), True
        for film_start, film_end in sorted(films):
            if film_start < at:
                continue
            if film_start != at and not (first and _FEW_WORDS.fullmatch(text, at, film_start)):
                break  # ("include Oscar-winning Fame": a word or two before the first)
            first = False
            out += [Credit(rel, display, start, end, film_start, weight, f"{display}'s films, listed") for rel in relations]
            join = LIST_JOIN.match(text, film_end)
            if join is None:
                break
            at = join.end()
    return out


def pronoun_credits(text: str, owners: list[tuple[int, int, str, set[str], bool]], films: list[int]) -> list[Credit]:
    """``Baek has described her new film, Parade of Small Gods``: the film is that of the person
    named last before "her" (as the article says they work, else as its director)."""
    out = []
    for film_start in films:
        m = _PRONOUN_FILM.search(text, max(0, film_start - 60), film_start)
        people = [o for o in owners if o[4] and o[1] <= (m.start() if m else -1)]
        if m is None or not people:
            continue
        start, end, display, known, _ = people[-1]
        out += [Credit(rel, display, start, end, film_start, POSSESSIVE_WEIGHT if known else UNKNOWN_ROLE_WEIGHT,
                       f"{display} and “{m.group().strip()}”") for rel in (sorted(known) or ["directed"])]
    return out
