"""Claim cues on wording beyond the bundled articles' subject: other treatments, shop and
press voices, and the words that look like a cue but are not one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kread.index.facets.taxonomy import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(ROOT / "index" / "facets" / "topics.yaml")


def cues(taxonomy: Taxonomy, sentence: str) -> set[str]:
    return set(taxonomy.cues_of(sentence)[0])


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("A rare side effect cannot be ruled out.", "hedged"),
        ("There is insufficient evidence to recommend the cream.", "hedged"),
        ("The result needs to be replicated in other clinics.", "hedged"),
        ("Maybe the warm weather helped, who knows.", "hedged"),
        ("Surgeons are divided on whether to operate early.", "hedged"),
        ("The brace does not always relieve the pain.", "hedged"),
        ("It is possible that the gel made no difference.", "hedged"),
        ("The spray just works.", "absolute"),
        ("Honestly, this cream works.", "absolute"),
        ("The procedure is painless.", "absolute"),
        ("No unpleasant side effects at all.", "absolute"),
        ("The drops work from the very first use.", "absolute"),
        ("Use two drops in each ear three times a day.", "quantified"),
        ("Apply one patch every morning.", "quantified"),
        ("Stay in hospital for two to four nights.", "quantified"),
        ("About 12,000 hip operations are carried out each year.", "quantified"),
        ("The Food Standards Authority issued a recall.", "sourced"),
        ("Figures from the Office for Health Statistics show a rise.", "sourced"),
        ("Hurry, places are limited!", "promotional"),
        ("Enquire now about our spring offer.", "promotional"),
        ("Our dentists are among the most experienced in the city.", "promotional"),
        ("Loved by thousands of families.", "promotional"),
        ("We look forward to welcoming you.", "promotional"),
        ("We are delighted to announce a new partnership.", "promotional"),
        ("The brand is the number one choice of pharmacists.", "promotional"),
        ("Try it risk-free with our money-back promise.", "promotional"),
        ("Say goodbye to aching joints.", "promotional"),
        ("Now only £9.99 while supplies last.", "promotional"),
        ("Grab your copy of the free ebook today.", "promotional"),
        ("You will never have to count calories again.", "absolute"),
        ("The patch worked straight away.", "absolute"),
        ("I suspect the placebo effect did most of the work.", "hedged"),
        ("A benefit for older adults has not been demonstrated.", "hedged"),
        ("Waiting times fell by a third.", "quantified"),
        ("The study was published online in Nature Medicine.", "sourced"),
        ("Data came from the Millennium Cohort Study.", "sourced"),
        ("Asthma Research UK welcomed the report.", "sourced"),
        ("The study was not powered to detect rare harms.", "hedged"),
        ("Safety in pregnancy is not fully established.", "hedged"),
        ("The only moisturiser you'll ever need.", "absolute"),
        ("My eczema has completely vanished.", "absolute"),
        ("Why wait? Your new look is a click away.", "promotional"),
        ("Don't miss out on our exclusive offer.", "promotional"),
        ("Rated 5 stars by our customers.", "promotional"),
        ("Each serving contains 2 g of fibre per capsule.", "quantified"),
        ("One bar has 150 calories.", "quantified"),
        ("The evidence is weak and inconsistent.", "hedged"),
        ("A high drop-out rate limits the conclusions we can draw.", "hedged"),
        ("The ache never comes back.", "absolute"),
        ("I have never felt better.", "absolute"),
        ("Walk-ins welcome, no appointment needed.", "promotional"),
        ("Refer a friend for a reward.", "promotional"),
        ("Use my code for money off.", "promotional"),
        ("The Health Survey for England asked about sleep.", "sourced"),
    ],
)
def test_a_sentence_carries_its_cue(taxonomy: Taxonomy, sentence: str, cue: str):
    assert cue in cues(taxonomy, sentence)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Smokers were twice as likely to quit with the patch.", "hedged"),
        ("Women are more likely than men to get migraines.", "hedged"),
        ("Please arrive as early as possible.", "hedged"),
        ("It is possible to book online or by phone.", "hedged"),
        ("Support is available to whoever needs it.", "hedged"),
        ("Ask the nurse who is in the know about your dressing.", "hedged"),
        ("Here is how it works.", "absolute"),
        ("If you feel faint, sit down straight away.", "absolute"),
        ("Ask for a third opinion if you need one.", "quantified"),
        ("There is no good evidence that it works.", "absolute"),
        ("The whitening is not permanent.", "absolute"),
        ("The UK's largest survey of carers was published.", "sourced"),
        ("All our gels are 100% fragrance free.", "quantified"),
        ("The plugin can subscribe to every event.", "promotional"),
        ("Strip the leading whitespace from each line.", "promotional"),
    ],
)
def test_a_sentence_lacks_a_cue_its_words_only_resemble(
    taxonomy: Taxonomy, sentence: str, cue: str
):
    assert cue not in cues(taxonomy, sentence)
