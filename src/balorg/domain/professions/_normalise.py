"""Normalisation of profession names typed by people.

Names are compared after :func:`normalise`: accents stripped, case folded,
inclusive suffixes of the seed guide removed ("infirmier(e)", "chiropracteur(rice)",
"technicien·ne"), hyphens, apostrophes and other punctuation turned into single
spaces. A slash is kept, tightened, because "psychologue/psychothérapeute" names
two professions.

>>> normalise("  Chirurgien(ne)-Dentiste ")
'chirurgien dentiste'
>>> normalise("Assistant(e) social(e)")
'assistant social'
>>> normalise("Manipulateur d’électroradiologie médicale")
'manipulateur d electroradiologie medicale'
>>> normalise("psychologue / psychothérapeute")
'psychologue/psychotherapeute'
>>> normalise("Préparateur en pharmacie (officine)")
'preparateur en pharmacie officine'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise"]

# The seed writes feminine forms as "(e)", "(ne)", "(rice)", "(se)", "(le)";
# other texts use a middle dot ("infirmier·e"). Only these endings are removed:
# other parentheses carry meaning, e.g. "Préparateur en pharmacie (officine)".
_SUFFIXES = r"(?:e|ne|le|se|rice|trice|euse|ere|es|nes)"
_INCLUSIVE = re.compile(rf"\s*\({_SUFFIXES}\)|·{_SUFFIXES}\b")
# Ligatures that NFKD does not decompose.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_NOT_WORD = re.compile(r"[^a-z0-9/]+")
_SLASH = re.compile(r"\s*/\s*")


def normalise(text: str) -> str:
    """The comparison form of ``text``: ASCII lower case words separated by one space.

    Idempotent: ``normalise(normalise(x)) == normalise(x)``.
    """
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    bare = _INCLUSIVE.sub("", bare)
    words = _NOT_WORD.sub(" ", bare)
    return _SLASH.sub("/", words).strip(" /")
