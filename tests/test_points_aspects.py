"""Aspects of the taxonomy in points: a user's aspect brings together sentences that
say one thing in other words, and opposite aspects keep them apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from kread.index.document import Document
from kread.index.library import Library


def _index(doc: Document, words: str) -> int:
    found = [i for i, s in enumerate(doc.sentences) if words in doc.text[s.start : s.end]]
    assert len(found) == 1, f"{words!r} is in {len(found)} sentences of {doc.id}"
    return found[0]


@pytest.fixture
def offers(tmp_path: Path) -> Path:
    folder = tmp_path / "offers"
    folder.mkdir()
    (folder / "spa.txt").write_text(
        "Spa\n\nOur package includes a sunset session on the terrace.\n\n"
        "Bookings open every Monday.\n",
        encoding="utf-8",
    )
    (folder / "hotel.txt").write_text(
        "Hotel\n\nThe package comes with a dusk walk along the river.\n\n"
        "Parking costs extra for guests.\n",
        encoding="utf-8",
    )
    return folder


def _topics(tmp_path: Path, aspects: str) -> Path:
    topics = tmp_path / "topics.yaml"
    topics.write_text(
        "facets:\n  - name: offers\n    letter: O\n    query: package\n" + aspects,
        encoding="utf-8",
    )
    return topics


def _together(lib: Library) -> tuple[bool, list[str]]:
    spa, hotel = lib.document("spa"), lib.document("hotel")
    i, j = _index(spa, "sunset session"), _index(hotel, "dusk walk")
    points = lib.points(facets=["offers"]).facets["offers"]
    joined = [
        p for p in points if i in p.sentences.get("spa", ()) and j in p.sentences.get("hotel", ())
    ]
    return bool(joined), [p.label for p in joined]


def test_a_users_aspect_joins_two_sentences_that_share_no_word(offers: Path, tmp_path: Path):
    # "sunset session on the terrace" and "dusk walk along the river" share no word but
    # "package", which both documents use in every offer.
    plain = Library.open(offers, _topics(tmp_path, ""))
    try:
        assert not _together(plain)[0]
    finally:
        plain.close()
    topics = _topics(tmp_path, "    aspects:\n      evening: 'sunset dusk twilight'\n")
    lib = Library.open(offers, topics)
    try:
        joined, labels = _together(lib)
        assert joined
        assert labels[0].startswith("evening")  # the point is named after its aspect
        point = next(
            p for p in lib.points(facets=["offers"]).facets["offers"] if p.label == labels[0]
        )
        assert point.aspect == "evening"
    finally:
        lib.close()


def _articles(folder: Path, **paragraphs: str) -> Path:
    """A folder of one article per keyword: its name (the title too) and its text."""
    folder.mkdir()
    for name, text in paragraphs.items():
        (folder / f"{name}.txt").write_text(f"{name.title()}\n\n{text}\n", encoding="utf-8")
    return folder


def test_opposite_aspects_keep_two_claims_apart_and_show_the_disagreement(tmp_path: Path):
    from kread.index.points.engine import find_points

    folder = _articles(
        tmp_path / "relief",
        clinic="The relief from ketamine infusions is long-lasting for most patients.",
        review="The relief from ketamine infusions is short-lived for most patients.",
    )
    lib = Library.open(folder)
    try:
        docs = [lib.document("clinic"), lib.document("review")]
        found = find_points(docs, lib.store.sentence_idf)
        assert not any(len(found.members(g)) == 2 for g in range(len(found.groups)))
        assert found.disagreements and found.clashes
    finally:
        lib.close()


def _pressure(tmp_path: Path, subject: str) -> Path:
    """A taxonomy of one facet whose one aspect names blood pressure."""
    topics = tmp_path / f"pressure-{subject}.yaml"
    topics.write_text(
        "replace: true\nfacets:\n  - name: risks\n    letter: R\n    query: pressure\n"
        "    aspects:\n      pressure:\n        query: '\"blood pressure\"'\n"
        f"        subject: {subject}\n",
        encoding="utf-8",
    )
    return topics


def _linked(tmp_path: Path, subject: str, a: str, b: str) -> bool:
    folder = tmp_path / f"pair-{subject}-{abs(hash((a, b)))}"
    folder.mkdir()
    (folder / "leaflet.txt").write_text(f"Leaflet\n\n{a}\n", encoding="utf-8")
    (folder / "trial.txt").write_text(f"Trial\n\n{b}\n", encoding="utf-8")
    lib = Library.open(folder, _pressure(tmp_path, subject))
    try:
        points = lib.compare("leaflet", "trial").facets["risks"].points
        return any(p.a and p.b for p in points)
    finally:
        lib.close()


def test_sharing_only_a_subject_is_not_making_one_point(tmp_path: Path):
    # Both name blood pressure; one says it is checked, the other that it rose.
    checked = "Your blood pressure will be checked during each visit."
    rose = "Blood pressure rose briefly in some patients."
    assert _linked(tmp_path, "false", checked, rose)  # an aspect that is a claim links
    assert not _linked(tmp_path, "true", checked, rose)


def test_a_subject_and_what_is_said_of_it_still_make_one_point(tmp_path: Path):
    raised = "Ketamine can raise blood pressure for a while."
    also = "Esketamine can also raise blood pressure."
    assert _linked(tmp_path, "true", raised, also)


def _groups_with(tmp_path: Path, a: list[str], b: list[str]) -> tuple[set[tuple[int, int]], bool]:
    """The (a index, b index) pairs the shipped aspects put in one point, for two
    one-paragraph-per-sentence documents, and whether any of their points clash."""
    from kread.index.points.engine import find_points

    folder = _articles(
        tmp_path / f"claims-{abs(hash((tuple(a), tuple(b))))}",
        first="\n\n".join(a),
        second="\n\n".join(b),
    )
    lib = Library.open(folder)
    try:
        docs = [lib.document("first"), lib.document("second")]
        found = find_points(docs, lib.store.sentence_idf)
        index_a = {_index(docs[0], s[:20]): n for n, s in enumerate(a)}
        index_b = {_index(docs[1], s[:20]): n for n, s in enumerate(b)}
        together = set()
        for g in range(len(found.groups)):
            members = found.members(g)
            for i in members.get(0, ()):
                for j in members.get(1, ()):
                    if i in index_a and j in index_b:
                        together.add((index_a[i], index_b[j]))
        return together, bool(found.clash_pairs)
    finally:
        lib.close()


def test_a_list_of_side_effects_joins_each_point_it_names(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["A few people felt queasy afterwards.", "Others described floating above themselves."],
        ["Side effects include dissociation, nausea, headaches and a rise in blood pressure."],
    )
    assert together == {(0, 0), (1, 0)}
    # and the two it joins are not made one point through it
    apart, _clash = _groups_with(
        tmp_path,
        ["A few people felt queasy afterwards."],
        ["Others described floating above themselves."],
    )
    assert not apart


def test_different_figures_for_how_many_respond_are_different_claims(tmp_path: Path):
    half = "About half of the patients responded to the infusions."
    together, clash = _groups_with(
        tmp_path, [half], ["Up to 80 percent of patients respond to the infusions."]
    )
    assert not together and clash
    together, _clash = _groups_with(
        tmp_path, [half], ["Roughly 55 percent of patients respond to the infusions."]
    )
    assert together == {(0, 0)}


def test_a_negation_opposes_an_aspect_only_where_the_aspect_is_polar(tmp_path: Path):
    # Driving is not polar: "do not drive" and "a friend to drive you home" agree.
    together, _clash = _groups_with(
        tmp_path,
        ["Do not drive until the next day."],
        ["Ask a friend to drive you home after the session."],
    )
    assert together == {(0, 0)}
    # Misuse is: "no risk of addiction" denies what "can be misused" says.
    together, clash = _groups_with(
        tmp_path,
        ["At these doses there is no risk of addiction."],
        ["The drug can be misused, and some people become addicted."],
    )
    assert not together and clash


def test_shares_are_read_in_figures_and_in_words():
    from kread.index.points.shares import agree, shares_in

    assert shares_in("In one trial, 54 percent improved; in another 61%.") == (54.0, 61.0)
    assert shares_in("about half responded, one in three relapsed, 3 out of 10 stopped") == (
        50.0,
        100 / 3,
        30.0,
    )
    assert shares_in("Call 999 or see us at 10 Main Street.") == ()
    assert agree((50.0,), (54.0,)) and not agree((50.0,), (80.0,))
    assert agree((), (80.0,))  # a sentence with no figure disagrees with none


def test_a_rate_is_read_whole_however_it_is_written():
    from kread.index.points.shares import shares_in

    # "1 in 10,000" is not one in ten; it is what "0.01%" says
    assert shares_in("It happens in fewer than 1 in 10,000 sessions.") == (0.01,)
    assert shares_in("It happens in 0.01% of sessions.") == (0.01,)
    assert shares_in("one in a thousand, one in every five, one in twenty") == (0.1, 20.0, 5.0)
    assert shares_in("Roughly one patient in six reached remission.") == (100 / 6,)
    assert shares_in("19 of the 29 people given it recovered.") == (100 * 19 / 29,)
    assert shares_in("One of the two studies was stopped early.") == ()


def test_approved_only_for_another_use_makes_the_point_not_approved_makes(tmp_path: Path):
    not_for_this = "Ketamine is not approved for depression, so doctors prescribe it off label."
    together, _clash = _groups_with(
        tmp_path, [not_for_this], ["Ketamine is approved only as an anaesthetic."]
    )
    assert together == {(0, 0)}
    together, clash = _groups_with(
        tmp_path, [not_for_this], ["Ketamine was approved for depression last year."]
    )
    assert not together and clash


def test_a_point_on_a_claim_aspect_is_under_its_facet_when_no_sentence_carries_it(
    tmp_path: Path,
):
    folder = _articles(
        tmp_path / "lay", forum="I felt queasy for an hour.", blog="Afterwards I felt a bit queasy."
    )
    lib = Library.open(folder)
    try:
        for name in ("forum", "blog"):  # the risks facet misses both sentences
            assert all(not s.facets for s in lib.document(name).sentences if not s.heading)
        risks = lib.compare("forum", "blog").facets["risks"]
        assert [p.aspect for p in risks.points] == ["nausea"]
        assert [p.aspect for p in lib.points(facets=["risks"]).facets["risks"]] == ["nausea"]
    finally:
        lib.close()


def test_a_point_is_listed_under_what_two_articles_say_not_one_sentence_s_other_facet(
    tmp_path: Path,
):
    folder = _articles(
        tmp_path / "detached",
        clinic="Many patients felt detached from their surroundings, yet their mood improved "
        "within hours.",
        leaflet="Patients may feel detached from their surroundings for an hour.",
    )
    lib = Library.open(folder)
    try:
        assert lib.document("clinic").sentences[-1].facets == ("benefits",)
        points = lib.points()
        on_it = [p for p in points.facets["risks"] if p.aspect == "dissociation"]
        assert on_it and len(on_it[0].sentences) == 2  # both articles make it
        assert not any(len(p.sentences) == 2 for p in points.facets["benefits"])
        # The aligned view still shows it wherever one of its sentences is marked.
        compared = lib.compare("clinic", "leaflet")
        assert compared.facets["benefits"].points and compared.facets["risks"].points
    finally:
        lib.close()


def test_the_same_share_in_other_words_is_one_claim(tmp_path: Path):
    # "about half got better" and "54 percent had a meaningful drop" share no word
    half = (
        "Across four rural clinics run by volunteers, about half the veterans got better"
        " by the second month of weekly visits."
    )
    audit = (
        "In an audit of the regional outpatient service last winter, {} percent of clients"
        " had a meaningful drop on the questionnaire."
    )
    together, _clash = _groups_with(tmp_path, [half], [audit.format(54)])
    assert together == {(0, 0)}
    together, _clash = _groups_with(tmp_path, [half], [audit.format(15)])
    assert not together


def test_free_to_patients_and_paid_out_of_pocket_are_different_claims(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["The programme is free to eligible patients."],
        ["A full course typically costs $3,000 out of pocket."],
    )
    assert not together


def test_small_trials_and_unknown_long_term_effects_are_different_limits(tmp_path: Path):
    small = "Most of the trials were small and lasted only a few weeks."
    together, _clash = _groups_with(
        tmp_path, [small], ["The studies so far enrolled only a few dozen people."]
    )
    assert together == {(0, 0)}
    apart, _clash = _groups_with(
        tmp_path, [small], ["Nobody has studied what years of regular use do to the body."]
    )
    assert not apart


def test_rarely_paid_for_is_the_claim_not_paid_for_makes(tmp_path: Path):
    rarely = "Insurers rarely reimburse these private infusions, which cost hundreds of dollars."
    together, _clash = _groups_with(
        tmp_path, [rarely], ["Each infusion costs 400 dollars, and my insurance won't pay."]
    )
    assert together == {(0, 0)}
    apart, clash = _groups_with(
        tmp_path, [rarely], ["Most insurance plans reimburse these private infusions."]
    )
    assert not apart and clash


def test_one_aspect_denied_in_other_words_is_one_claim(tmp_path: Path):
    # "has" does not use up the reach of "no": the licence is what it denies
    advertised = (
        "Yet private clinics advertise the implant for back pain as if it were an established"
        " option, even though no regulator has licensed it for that purpose."
    )
    not_authorised = (
        "The implant is not authorised for children, pregnant women or any condition other"
        " than chronic migraine."
    )
    together, _clash = _groups_with(tmp_path, [not_authorised], [advertised])
    assert together == {(0, 0)}
    apart, clash = _groups_with(
        tmp_path, ["Regulators have licensed the implant for back pain."], [advertised]
    )
    assert not apart and clash


def test_side_effects_that_pass_are_not_a_benefit_that_passes(tmp_path: Path):
    passing = "These effects usually fade on the same day."
    together, _clash = _groups_with(
        tmp_path, [passing], ["Side effects of the patch are mostly mild and short-lived."]
    )
    assert together == {(0, 0)}
    apart, _clash = _groups_with(
        tmp_path, [passing], ["The benefit of the patch usually fades within a month."]
    )
    assert not apart


def test_two_claims_on_one_subject_are_two_points(tmp_path: Path):
    # Both are about relief and share "trials", "dose" and "patch"; one says it comes
    # within a day, the other that it fades within weeks.
    apart, _clash = _groups_with(
        tmp_path,
        ["In the trials, a single dose of the patch reduced pain scores within 24 hours."],
        ["In the trials, the improvement after one dose of the patch faded within weeks."],
    )
    assert not apart
    together, _clash = _groups_with(
        tmp_path,
        ["In the trials, a single dose of the patch reduced pain scores within 24 hours."],
        ["One dose of the patch eased pain within hours for most people in the trials."],
    )
    assert together == {(0, 0)}


def test_kept_for_hours_after_a_dose_is_one_claim_in_other_words(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["Patients stay for at least two hours afterwards and must not drive until the next day."],
        ["The injection is given in a day unit, where you are watched for two hours after it."],
    )
    assert together == {(0, 0)}


def test_blood_pressure_measured_is_a_claim_where_blood_pressure_alone_is_not():
    from kread.index.facets.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(None)

    def named(text: str) -> set[str]:
        return {name for name, _spans in taxonomy.aspects_of(text)}

    assert "checks" in named("A nurse took my blood pressure before the session.")
    assert "checks" not in named("Blood pressure rose briefly in some patients.")


def test_complications_called_common_and_called_rare_are_different_claims(tmp_path: Path):
    common = "Complications are common: leads can shift and wounds can become infected."
    apart, clash = _groups_with(
        tmp_path, [common], ["Serious complications are rare, and the implant can be taken out."]
    )
    assert not apart and clash
    together, _clash = _groups_with(
        tmp_path,
        [common],
        ["About one in four patients needs another operation to fix a lead that has moved."],
    )
    assert together == {(0, 0)}


def test_a_temporary_trial_before_the_permanent_device_is_one_claim(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["Before the permanent pump is fitted, each patient tries a temporary pump for five days."],
        ["Everyone starts with a trial week on a temporary device, then decides."],
    )
    assert together == {(0, 0)}


def test_relief_that_lasted_for_years_is_not_relief_that_wore_off(tmp_path: Path):
    apart, clash = _groups_with(
        tmp_path,
        ["Most of our patients say their relief has lasted for years."],
        ["In the follow-up, many patients said their relief wore off within two years."],
    )
    assert not apart and clash


def test_different_shares_of_patients_relieved_are_different_claims(tmp_path: Path):
    apart, clash = _groups_with(
        tmp_path,
        ["Roughly half of the patients in the trials got lasting pain relief from the brace."],
        ["Up to 80 percent of patients get significant pain relief from the brace."],
    )
    assert not apart and clash


def test_who_a_treatment_is_for_said_in_other_words_is_one_point(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["The pump is an option for people whose pain continued after back surgery."],
        ["It is covered for members whose leg pain has lasted a year after spine surgery."],
    )
    assert together == {(0, 0)}
    together, _clash = _groups_with(
        tmp_path,
        ["Members must have tried and failed physiotherapy, medicines and injections."],
        ["It is offered to people who have not been helped by exercise or painkillers."],
    )
    assert together == {(0, 0)}


def test_device_aspects_stay_off_other_subjects():
    from kread.index.facets.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(None)

    def named(text: str) -> set[str]:
        return {name for name, _spans in taxonomy.aspects_of(text)}

    assert "plasticity" not in named("Spinal cord stimulation helps some pain after spine surgery.")
    assert "complications" not in named("Another complication: the parser cannot know the type.")
    assert "after_surgery" not in named("The cursor stays where it was after the last operation.")
    assert "harms_common" not in named("Two common operations on a list are sorting and search.")


def test_side_effects_that_resolve_within_hours_pass_like_those_that_fade(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["These effects usually wear off on the same day."],
        [
            "The usual side effects were headache, tiredness and a dry mouth, which resolved"
            " within three hours of the injection."
        ],
    )
    assert together == {(0, 0)}


def _named(text: str) -> set[str]:
    from kread.index.facets.taxonomy import load_taxonomy

    return {name for name, _spans in load_taxonomy(None).aspects_of(text)}


def test_fewer_than_a_rate_is_no_small_trial():
    assert "small_trials" in _named("Most trials have enrolled fewer than a hundred people.")
    assert "evidence_limits" in _named("The studies so far had fewer than 40 patients each.")
    rate = "A seizure is a rare side effect, happening in fewer than 1 in 10,000 sessions."
    assert not {"small_trials", "evidence_limits"} & _named(rate)


def test_weeks_of_a_schedule_are_no_wait_for_relief():
    assert "slow_standard" in _named("Antidepressants can take six weeks before they help.")
    assert "slow_standard" in _named("It works in days, not the weeks that tablets take.")
    schedule = "Most clients attend daily for six weeks, and each visit takes 30 minutes."
    assert "slow_standard" not in _named(schedule)
    assert "slow_standard" not in _named("More improved in four weeks than those taking a dummy.")


def test_who_cannot_have_a_treatment_is_one_point_in_other_words(tmp_path: Path):
    together, clash = _groups_with(
        tmp_path,
        ["You should not have the treatment if you have metal in your head, such as a clip."],
        ["The only people who cannot have it are those with metal implants in the head."],
    )
    assert together == {(0, 0)} and not clash
    assert "unsuitable" in _named("People with epilepsy could not take part in the trial.")
    assert "unsuitable" not in _named("Everyone who took part in the trial had a brain scan.")
    assert "unsuitable" not in _named("You cannot have two keys with the same name.")


def test_how_often_a_treatment_is_given_is_one_point_in_other_words(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["A standard course is one session a day, five days a week, for four to six weeks."],
        ["Most clients attend daily sessions on weekdays, and each visit is short."],
    )
    assert together == {(0, 0)}
    assert "schedule" in _named("I had six infusions over three weeks.")
    assert "schedule" in _named("At first it is given twice a week for a month.")
    # how soon it helps, how long it is used, and daily life are no schedule
    assert "schedule" not in _named("Most people feel better within a day of the first dose.")
    assert "schedule" not in _named("Nobody knows what repeated doses over many months do.")
    assert "schedule" not in _named("The sessions helped her cope with daily life.")


def test_side_effects_called_mild_in_other_words_are_one_point(tmp_path: Path):
    # "most" picks which side effects; what the sentence says of them is "mild"
    together, clash = _groups_with(
        tmp_path,
        ["Most side effects are mild and wear off soon after a session."],
        ["Side effects are minimal."],
    )
    assert together == {(0, 0)} and not clash
    apart, clash = _groups_with(
        tmp_path,
        ["Side effects are not as trivial as the marketing suggests."],
        ["Side effects are minimal."],
    )
    assert not apart and clash
    assert "mild_side_effects" not in _named("Most people had mild depression.")


def test_what_a_sentence_says_of_side_effects_outweighs_the_word_before_them():
    from kread.index.points.stance import stance_of
    from kread.index.points.wording import read

    def sides(text: str) -> tuple[bool, bool]:
        stance = stance_of(text, read(text))
        return "side" in stance.low, "side" in stance.high

    assert sides("Most side effects are mild.") == (True, False)
    assert sides("Mild side effects are common.") == (False, True)
    assert sides("Minimal side effects.") == (True, False)
    assert sides("Side effects are common.") == (False, True)


def test_how_soon_said_in_lay_words_is_speed_and_weeks_later_is_not(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["Within a couple of hours of the first session, it was like a weight had lifted."],
        ["Small studies suggest symptoms may ease within a day of a session."],
    )
    assert together == {(0, 0)}
    assert "speed" in _named("Many said they felt better after only two or three days.")
    assert "speed" in _named("Clients tell us their mood lifts within the first week.")
    assert "speed" not in _named("The dizziness passes within a couple of hours.")
    slow = "Most people who improve begin to notice a change after two to four weeks."
    assert "slow_standard" in _named(slow) and "speed" not in _named(slow)
    assert "slow_standard" not in _named("She felt sick after two weeks.")
    apart, _clash = _groups_with(
        tmp_path, [slow], ["Many said they felt better after only two or three days."]
    )
    assert not apart


def test_a_faster_heart_rate_is_no_speed_of_relief():
    assert "speed" not in _named("Side effects include a faster heart rate and dizziness.")
    assert "speed" not in _named("Some people notice a rapid pulse during the session.")
    assert "speed" in _named("It works fast, often within hours.")


def test_discomfort_where_a_treatment_is_applied_is_one_point_in_other_words(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["Some feel discomfort on the scalp where the coil is placed."],
        ["Patients described it as a woodpecker tapping on the side of the head."],
    )
    assert together == {(0, 0)}
    assert "site_discomfort" in _named("Some had soreness at the injection site.")
    assert "site_discomfort" not in _named("The pain in my back eased within a week.")
    assert "site_discomfort" not in _named("Headaches were the most common side effect.")


def test_harm_to_memory_said_or_denied_in_other_words_is_one_point(tmp_path: Path):
    together, clash = _groups_with(
        tmp_path,
        ["Unlike the older treatment, it has no effect on your memory."],
        ["It spares patients the anaesthetic and the memory problems."],
    )
    assert together == {(0, 0)} and not clash
    assert "memory_harm" not in _named("Glutamate is a chemical linked to learning and memory.")
    assert "memory_harm" not in _named("It may help people process traumatic memories.")


def test_treatment_given_by_trained_staff_is_supervision_in_other_words(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["Treatment is given by trained staff in an outpatient clinic."],
        ["Every session is delivered by a certified TMS technician in a private room."],
    )
    assert together == {(0, 0)}
    assert "supervision" not in _named("The trained model is saved to disk.")


def test_a_device_stimulating_the_brain_is_one_point_in_other_words(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["It uses magnetic pulses to stimulate a part of the brain that controls mood."],
        ["It works by sending bursts of magnetism through the skull to wake up brain cells."],
    )
    assert together == {(0, 0)}
    named = _named("A rapidly changing magnetic field induces a current in the cortex.")
    assert "brain_stimulation" in named and "speed" not in named
    assert "blood_pressure" not in _named("Magnetic pulses stimulate the nerve cells.")
    assert "blood_pressure" in _named("Her pulse raced during the session.")
    assert "brain_stimulation" not in _named("Ketamine blocks NMDA receptors in the brain.")
    assert "brain_stimulation" not in _named("The current node is kept at the head of the list.")


def test_a_headache_is_not_feeling_lightheaded(tmp_path: Path):
    apart, _clash = _groups_with(
        tmp_path,
        ["Some people feel lightheaded for a while."],
        ["Several had headaches afterwards."],
    )
    assert not apart
    together, _clash = _groups_with(
        tmp_path,
        ["Some people get a headache after a session."],
        ["Several had headaches afterwards."],
    )
    assert together == {(0, 0)}


def test_an_effect_that_wears_off_and_symptoms_that_creep_back_are_short_lived():
    assert "short_lived" in _named("The effect of one dose typically wears off within a week.")
    assert "short_lived" in _named("Three weeks after the last session the nightmares crept back.")
    assert "short_lived" not in _named("The side effects of the drug wear off quickly.")


def test_no_study_of_years_of_use_is_the_long_term_unknown(tmp_path: Path):
    together, _clash = _groups_with(
        tmp_path,
        ["No study has shown that repeated treatment is safe or effective over years."],
        ["The trials are tiny and nobody knows what years of this does to people."],
    )
    assert together == {(0, 0)}
    assert "long_term_unknown" not in _named("No study was stopped early.")
