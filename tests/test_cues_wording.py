"""Claim cues on wording beyond the bundled articles' subject: other treatments, shop and
press voices, absolute claims without the stock words ("proven", "guaranteed") and sales
talk without a call to book, beside the words that look like a cue but are not one."""

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


@pytest.mark.parametrize(
    "sentence",
    [
        # safety without a limit
        "The balm is utterly harmless to the skin.",
        "Our wraps are safe for all ages.",
        "A gentle and harmless way to relax.",
        "The peel works without any downtime.",
        # an outcome promised to the reader, or for ever
        "You'll notice the difference by Friday.",
        "You will look younger after one wrap.",
        "This programme will change your life.",
        "The rash cleared up for good after the first tube.",
        "The weight stays off forever.",
        # every case, nothing better
        "The spray kills all germs on contact.",
        "Anyone who follows the plan loses weight.",
        "Nothing works better for a stiff neck.",
        "Best investment I've made in years.",
        # closed to doubt
        "The method simply works.",
        "It's backed by science, end of story.",
        # quick or whole effects
        "Clear skin in just three days.",
        "Wake up with younger-looking skin overnight.",
        "The tonic heals your joints from within.",
        "The mask draws out impurities and toxins.",
        "My back pain disappeared after the first class.",
    ],
)
def test_a_plain_worded_absolute_claim_is_absolute(taxonomy: Taxonomy, sentence: str):
    assert "absolute" in cues(taxonomy, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # what customers say
        "See what our clients are saying.",
        "Our members love the new evening classes.",
        "“It changed everything for me,” says Tom from Leeds.",
        "Shoppers rave about the new formula.",
        "Recommended by physios across the region.",
        "A dermatologist-approved formula for sensitive skin.",
        "A million happy users can't be wrong.",
        # we do it all for you
        "Our fitters take care of everything.",
        "Leave the rest to us.",
        "Just pick a date and we'll do the rest.",
        # urgency and gifts
        "This weekend only: two classes for the price of one.",
        "The summer sale ends on Sunday.",
        "Prices like these won't last.",
        "Claim a bonus gift with your first box.",
        "Ask about a free, no-obligation assessment.",
        # invitations and follows
        "Join us at our open day.",
        "Click the link to find your perfect fit.",
        "Follow us for weekly tips.",
        "You'll love the results.",
        # praise of the provider and quiet reassurance
        "We are passionate about great sleep.",
        "No one beats our service.",
        "Enjoy hassle-free installation and total peace of mind.",
        "A plan tailored to your goals.",
        "Register today and get a quote in minutes.",
    ],
)
def test_quiet_sales_talk_is_promotional(taxonomy: Taxonomy, sentence: str):
    assert "promotional" in cues(taxonomy, sentence)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        # a limit or a doubt is not an absolute claim
        ("The gel is safe for most adults.", "absolute"),
        ("The cream is not safe for all skin types.", "absolute"),
        ("Not everyone who tries the diet loses weight.", "absolute"),
        ("The procedure can be done without pain relief.", "absolute"),
        ("Here is how the method works.", "absolute"),
        # technical prose: a harmless change, a process that does the rest
        ("This change is harmless, so don't worry about it.", "absolute"),
        ("Python will do the rest.", "promotional"),
        ("The script is going to run twice.", "promotional"),
        ("Customers can cancel their order at any time.", "promotional"),
        ("My mum swears by a spoonful of honey.", "promotional"),
        # a count of people is no age
        ("Over 50,000 people signed the petition.", "promotional"),
    ],
)
def test_wording_that_only_resembles_a_cue_is_not_it(taxonomy: Taxonomy, sentence: str, cue: str):
    assert cue not in cues(taxonomy, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The exercises help some people with back pain.",
        "The spray is suitable for most adults.",
    ],
)
def test_a_benefit_for_some_or_most_is_hedged(taxonomy: Taxonomy, sentence: str):
    assert "hedged" in cues(taxonomy, sentence)


def test_a_count_of_thousands_is_not_an_age(taxonomy: Taxonomy):
    assert "quantified" not in cues(taxonomy, "Over 50,000 learners use the app.")


@pytest.mark.parametrize(
    ("sentence", "carries", "lacks"),
    [
        # "definitely" and "certainly" as written: "definition" and "certainty" share stems
        ("The gel definitely stops the itching.", "absolute", ""),
        ("This certainly beats every other rinse.", "absolute", ""),
        ("The definition of a migraine has changed.", "", "absolute"),
        ("The results were definitive.", "", "absolute"),
        # a proof or a promise, said or denied
        ("Our method is proven to reduce snoring.", "absolute", "hedged"),
        ("Results guaranteed or your money back.", "absolute", "hedged"),
        ("We guarantee you will feel calmer.", "absolute", ""),
        ("The remedy has not been proven to shorten a cold.", "hedged", "absolute"),
        ("The benefit is yet to be proven in children.", "hedged", ""),
        ("We cannot guarantee that the brace will help.", "hedged", "absolute"),
        ("I can't promise it will work for you.", "hedged", ""),
        ("There is no guarantee the rash will not come back.", "hedged", "absolute"),
        ("Results are not guaranteed.", "hedged", "absolute"),
        # a guarantee as a warranty, and no guarantee made of software
        ("The guarantee does not cover accidental damage.", "", "absolute"),
        ("Every chair comes with a five-year guarantee.", "", "absolute"),
        ("No guarantees are made about compatibility between versions.", "", "hedged"),
    ],
)
def test_proof_and_promise_said_or_denied(
    taxonomy: Taxonomy, sentence: str, carries: str, lacks: str
):
    found = cues(taxonomy, sentence)
    if carries:
        assert carries in found
    if lacks:
        assert lacks not in found


@pytest.mark.parametrize(
    "sentence",
    [
        "The poll, run by the Sleep Charity, asked 3,000 shift workers about their naps.",
        "The study was carried out by Ipsos for a patient group.",
        "Laboratory tests by Eurofins found traces of lead in two brands.",
        "Testers from Which? rated the cheapest monitor highest.",
        "A survey by Mumsnet asked parents about night feeds.",
        "Data were drawn from the Danish National Patient Registry.",
    ],
)
def test_a_named_body_that_ran_or_tested_the_work_is_a_source(taxonomy: Taxonomy, sentence: str):
    assert "sourced" in cues(taxonomy, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The survey was run by March, a month late.",
        "The tests were carried out by our own staff.",
        "Which? The blue one or the green one?",
        "A survey of readers asked about their sleep.",
        "Data were taken from a spreadsheet of bookings.",
    ],
)
def test_a_doer_that_is_no_named_body_is_no_source(taxonomy: Taxonomy, sentence: str):
    assert "sourced" not in cues(taxonomy, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Most learners need between eight and twelve lessons.",
        "Eat three meals and two servings of fruit.",
        "The water was kept at 15°C for the whole trial.",
        "Walkers covered 5 miles on average.",
        "Please give 48 hours' notice to cancel, or pay a £20 fee.",
    ],
)
def test_ranges_in_words_units_and_temperatures_are_quantified(taxonomy: Taxonomy, sentence: str):
    assert "quantified" in cues(taxonomy, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The firm was set up in 2015 and employs 40 people.",
        "Bookings can be cancelled up to 24 hours in advance.",
        "Please give 48 hours' notice if you cannot come.",
        "Consider the following two classes.",
        "The recipe has three steps.",
        "Choose between the two plans.",
    ],
)
def test_a_workforce_a_notice_period_or_a_count_of_parts_is_no_figure(
    taxonomy: Taxonomy, sentence: str
):
    assert "quantified" not in cues(taxonomy, sentence)


@pytest.mark.parametrize(
    ("sentence", "hedged"),
    [
        ("The diet is not right for everyone, especially people with diabetes.", True),
        ("Not every child grows out of the allergy.", True),
        ("No one really knows why the rash comes back.", True),
        ("The patches are generally well tolerated, though some people get a rash.", True),
        ("The splint helped a little with the pain.", True),
        ("Further trials are needed before the spray can be recommended.", True),
        ("The data on pregnant women are limited.", True),
        # no doubt in a form's wording or in scarce places
        ("No further action is needed on your part.", False),
        ("Places are strictly limited, so book early.", False),
        ("Everyone knows the clinic on the corner.", False),
    ],
)
def test_partial_and_unknown_effects_are_hedged_and_scarcity_is_not(
    taxonomy: Taxonomy, sentence: str, hedged: bool
):
    assert ("hedged" in cues(taxonomy, sentence)) is hedged


@pytest.mark.parametrize(
    ("sentence", "quantified"),
    [
        ("Four of the nine brands failed the test.", True),
        ("The study asked 1,800 parents about screen time.", True),
        ("The trial followed 240 dogs with arthritis.", True),
        ("One of the two methods is faster.", False),
        ("Create ten workers and start them.", False),
        ("Dimensions: 12 x 8 x 3 cm.", False),
    ],
)
def test_a_share_of_the_whole_and_who_was_counted_are_quantified(
    taxonomy: Taxonomy, sentence: str, quantified: bool
):
    assert ("quantified" in cues(taxonomy, sentence)) is quantified


@pytest.mark.parametrize(
    ("sentence", "carries", "lacks"),
    [
        ("Kills 99.9% of germs on contact.", "absolute", ""),
        ("With this pillow you'll never wake up stiff again.", "absolute", ""),
        ("Our programme will transform your teenager's confidence.", "absolute", ""),
        ("Feel the benefit in a matter of days.", "absolute", ""),
        ("Try our hearing aids risk-free for 60 days.", "promotional", "absolute"),
        ("The operation is risk-free.", "absolute", ""),
        # a rule against a claim, an aim, a share of a sample, a settings change
        ("Adverts saying a product cures a disease are not allowed.", "", "absolute"),
        ("We are here to help you walk without pain again.", "", "absolute"),
        ("About 99% of the people who replied were women.", "", "absolute"),
        ("Saving the file will change your settings.", "", "absolute"),
        ("I will never book with them again.", "", "absolute"),
    ],
)
def test_whole_or_quick_effects_promised_and_their_look_alikes(
    taxonomy: Taxonomy, sentence: str, carries: str, lacks: str
):
    found = cues(taxonomy, sentence)
    if carries:
        assert carries in found
    if lacks:
        assert lacks not in found
