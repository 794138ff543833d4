"""Synthetic PT and EN text for benchmarks: a vocabulary of a few thousand words drawn with
Zipf-like frequencies, deterministic from a seed, so search terms are spread as in real text."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

FUNCTION_WORDS = {
    "pt": (
        "de a o que e do da em um para com uma os no se na por mais as dos como ao das à seu sua "
        "ou nos também pelo pela até entre sem aos seus nas esta este são ser tem cada sobre "
        "onde suas pelos pelas já muito após outros outras durante"
    ).split(),
    "en": (
        "the of and to in a for with on is that by as at from this be are an or their its which "
        "will new has was more into through all also each between other these those about over "
        "such both after during while most many"
    ).split(),
}
# Domain words in order of frequency; the first one of each language sits at DOMAIN_FIRST_RANK.
DOMAIN_WORDS = {
    "pt": (
        "empresas mercado promoção associação produtos região exportação internacional "
        "mercados feira setor Alentejo vinho qualidade apoio cooperação serviços compradores "
        "missão azeite turismo cortiça importadores estudo parceiros distribuição consumidores "
        "inovação marca coletiva conhecimento prospeção rochas capacitação digital sustentável "
        "competitividade oportunidades canais logística certificação feiras exportações "
        "exportadoras exportar"
    ).split(),
    "en": (
        "firms market promotion association products region export international markets fair "
        "sector Alentejo wine quality support cooperation services buyers mission olive oil "
        "tourism cork importers study partners distribution consumers innovation brand "
        "collective knowledge prospecting stone capacity digital sustainable competitiveness "
        "opportunities channels logistics certification fairs exports exporters exporting"
    ).split(),
}
DOMAIN_FIRST_RANK = 40  # domain words come after the most common function words, as in real text
DOMAIN_STEP = 9  # ranks between two domain words; the rest are generated words
ONSETS = {
    "pt": "b c d f g l m n p r s t v br cr pr tr ch lh nh".split(),
    "en": "b c d f g h l m n p r s t w br cr pr tr st sh th".split(),
}
VOWELS = {"pt": "a e i o u a e o".split(), "en": "a e i o u a e ea".split()}
SUFFIXES = {  # "" twice: a third of the generated words have no suffix
    "pt": ["", ""] + "s ção ções mente ado ada ar ista ivo idade ência".split(),
    "en": ["", ""] + "s tion ing ed er ness ment al ly ity ive".split(),
}
GENERATED_WORDS = 4000  # per language
ZIPF_EXPONENT = 1.0


@dataclass(frozen=True)
class Vocabulary:
    """One language's words in order of frequency, with cumulative Zipf weights for drawing."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]

    def draw(self, rng: random.Random, count: int) -> list[str]:
        """Return `count` words drawn with Zipf-like frequencies."""
        return rng.choices(self.words, cum_weights=self.cum_weights, k=count)


def generate_words(rng: random.Random, lang: str, count: int, taken: set[str]) -> list[str]:
    """Return `count` new pronounceable word forms (1 to 3 syllables and often a suffix)."""
    words: list[str] = []
    while len(words) < count:
        stem = "".join(
            rng.choice(ONSETS[lang]) + rng.choice(VOWELS[lang]) for _ in range(rng.randint(1, 3))
        )
        suffix = rng.choice(SUFFIXES[lang])
        if suffix and suffix[0] in "aeiou":
            stem = stem.rstrip("aeiou") or stem  # "bri" + "ivo" -> "brivo"
        word = stem + suffix
        if len(word) > 2 and word not in taken:
            taken.add(word)
            words.append(word)
    return words


def build_vocabulary(lang: str, seed: int) -> Vocabulary:
    """Return one language's ranked words (function, domain, generated) with Zipf weights."""
    rng = random.Random(f"synth-vocabulary-{lang}-{seed}")
    function, domain = FUNCTION_WORDS[lang], DOMAIN_WORDS[lang]
    taken = set(function) | {word.lower() for word in domain}
    generated = iter(generate_words(rng, lang, GENERATED_WORDS, taken))
    ranked = list(function[: DOMAIN_FIRST_RANK - 1])
    for word in domain:
        ranked.append(word)
        ranked += itertools.islice(generated, DOMAIN_STEP - 1)
    ranked += function[DOMAIN_FIRST_RANK - 1 :]
    ranked += generated
    weights = itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(ranked) + 1))
    return Vocabulary(tuple(ranked), tuple(weights))


def sentence(rng: random.Random, vocabulary: Vocabulary, length: int) -> str:
    """Return one capitalised sentence of about `length` characters."""
    words: list[str] = []
    total = 0
    while total < length:
        words += vocabulary.draw(rng, 1)
        total += len(words[-1]) + 1
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, vocabulary: Vocabulary, length: int) -> str:
    """Return sentences adding up to about `length` characters."""
    parts: list[str] = []
    total = 0
    while total < length:
        parts.append(sentence(rng, vocabulary, rng.randint(60, 140)))
        total += len(parts[-1]) + 1
    return " ".join(parts)
