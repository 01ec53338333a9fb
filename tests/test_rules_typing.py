"""Regression tests (issue 11): event types as ACLED would code them, the political-violence
scope, roles from the syntax of the evidence, and the named head of a speaker's appositive.

Short texts are written here (after real US crime and conflict reports); nothing reads shared/.
"""

from __future__ import annotations

from summarizer.backends.rules import RulesBackend
from summarizer.pipeline import digest, make_article
from summarizer.rules import events
from summarizer.schemas import ActorKind, ActorRole, ArticleDigest, EventType, Incident, Status


def _rules(text: str) -> ArticleDigest:
    return digest(make_article(text), RulesBackend())


def _main(d: ArticleDigest) -> Incident:
    assert d.incidents
    return max(d.incidents, key=lambda i: len(i.casualties))


def _roles(i: Incident) -> dict[str, str]:
    return {a.name.lower(): a.role.value for a in i.actors}


# -- shootings are never battles without two organised armed sides -------------------------


def test_a_shootout_with_police_in_a_crime_story_is_no_battle() -> None:
    d = _rules(
        "A man was killed and two officers were wounded when a robbery suspect exchanged gunfire "
        "with police outside a convenience store in Memphis on Sunday, police said. "
        "The suspect was charged with murder in a separate case, the sheriff's office said."
    )
    i = _main(d)
    assert i.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS
    assert i.political_violence is False


def test_a_fight_that_broke_out_between_teens_is_no_battle() -> None:
    d = _rules(
        "Two teenagers were shot and one died after a fight broke out between two groups of teens "
        "fighting outside a party in Evansville on Saturday. Police have not arrested a suspect."
    )
    i = _main(d)
    assert i.event_type not in (EventType.BATTLES, EventType.PROTESTS, EventType.RIOTS)
    assert i.political_violence is False


def test_fighting_for_his_life_is_no_fighting() -> None:
    d = _rules(
        "A three-year-old is fighting for his life after a shooting in Little Rock on Monday "
        "left one man dead."
    )
    assert _main(d).event_type is not EventType.BATTLES


def test_police_who_arrest_a_suspect_are_not_the_shooters() -> None:
    d = _rules(
        "Greenwood police said they arrested a suspect in the fatal shooting of a 15-year-old at a "
        "birthday party on Saturday night. Four others were injured in the shooting."
    )
    i = _main(d)
    assert all(a.role is not ActorRole.PERPETRATOR for a in i.actors if "police" in a.name.lower())
    assert i.political_violence is False


def test_police_who_say_a_man_shot_someone_are_a_source_not_the_shooters() -> None:
    d = _rules("Police say a Las Vegas man shot and killed a neighbor on Friday in his home.")
    i = _main(d)
    assert all(a.role is not ActorRole.PERPETRATOR for a in i.actors if "police" in a.name.lower())


def test_a_clash_between_an_army_and_rebels_stays_a_battle() -> None:
    d = _rules(
        "Fighting between the Congolese army and M23 rebels near Goma killed 12 fighters on Monday, "
        "a military spokesman said. Suspects were arrested later."
    )
    i = _main(d)
    assert i.event_type is EventType.BATTLES
    assert i.political_violence is True


def test_a_crime_story_is_one_with_crime_words_and_no_organised_side() -> None:
    text = "The suspect was charged with murder after the shooting."
    assert events.crime_story(text, [(0, 3, "police", ActorKind.STATE_FORCES)])
    assert not events.crime_story(text, [(0, 3, "Taliban", ActorKind.REBEL_GROUP)])
    assert not events.crime_story(text, [(0, 3, "Afghan army", ActorKind.STATE_FORCES)])
    assert not events.crime_story("Militants attacked a checkpoint.", [])
    assert not events.crime_story(
        "Militants attacked a checkpoint; two suspects were charged with murder.", []
    )


def test_an_army_veteran_is_no_organised_side() -> None:
    text = "Police say Army veteran John Doe fired 212 rounds; the suspect was charged with murder."
    at = text.index("Army")
    assert events.crime_story(text, [(at, at + 4, "Army", ActorKind.STATE_FORCES)])
    text = "The suspect, who served in the military, was charged with murder."
    at = text.index("military")
    assert events.crime_story(text, [(at, at + 8, "military", ActorKind.STATE_FORCES)])


# -- roles from the syntax of the evidence --------------------------------------------------


def test_the_subject_of_attacked_is_the_perpetrator_and_the_police_the_target() -> None:
    d = _rules(
        "Militants attacked the police academy in Havana on Monday, killing five people, officials said."
    )
    i = _main(d)
    assert _roles(i).get("militants") == "perpetrator"
    assert "the police academy" in i.targets
    assert not any(a.role is ActorRole.PERPETRATOR and "police" in a.name.lower() for a in i.actors)


def test_an_attack_on_the_police_never_makes_the_police_its_author() -> None:
    d = _rules("A bomb attack on the police academy in Havana killed five people on Monday.")
    i = _main(d)
    assert not any(a.role is ActorRole.PERPETRATOR and "police" in a.name.lower() for a in i.actors)
    assert "police carried out" not in d.summary.text.lower()


def test_the_agent_of_a_passive_is_the_perpetrator() -> None:
    d = _rules("Five people were killed by the army in the village of Kidal on Monday, residents said.")
    assert _roles(_main(d)).get("army") == "perpetrator"
    d = _rules("Ten civilians were killed by Boko Haram fighters in Maiduguri on Sunday.")
    i = _main(d)
    assert _roles(i).get("boko haram") == "perpetrator"
    assert i.political_violence is True


def test_the_subject_of_ambushed_and_shot_dead_is_the_perpetrator() -> None:
    d = _rules("Gunmen ambushed a police patrol near Kandahar on Tuesday, killing three officers.")
    assert _roles(_main(d)).get("gunmen") == "perpetrator"
    d = _rules("Soldiers shot dead four protesters in Khartoum on Friday, witnesses said.")
    assert _roles(_main(d)).get("soldiers") == "perpetrator"


# -- attribution: the named head over an appositive ----------------------------------------


def test_a_named_speaker_with_an_appositive_is_named_and_described() -> None:
    d = _rules(
        "Mohammed Khan, a spokesman for the provincial government, said 12 people were killed in "
        "the blast in Kandahar on Monday."
    )
    fig = _main(d).casualties[0]
    assert fig.stated_by == "Mohammed Khan (spokesman for the provincial government)"
    assert fig.status is Status.REPORTED


def test_a_role_then_a_name_is_the_name_described_by_the_role() -> None:
    d = _rules(
        "A spokesman for the Taliban, Zabihullah Mujahid, said 20 soldiers were killed in the attack "
        "in Helmand on Monday."
    )
    fig = _main(d).casualties[0]
    assert fig.stated_by == "Zabihullah Mujahid (spokesman for the Taliban)"
    assert fig.status is Status.CLAIMED


def test_an_inverted_speaker_keeps_the_appositive() -> None:
    d = _rules(
        "Twelve people were killed in the blast in Kandahar on Monday, said Mohammed Khan, a "
        "spokesman for the provincial government."
    )
    assert _main(d).casualties[0].stated_by == "Mohammed Khan (spokesman for the provincial government)"


def test_a_named_groups_appositive_is_still_the_group() -> None:
    d = _rules("JNIM, an al-Qaeda affiliate, said its fighters killed 15 soldiers in Mopti on Sunday.")
    assert _main(d).casualties[0].stated_by == "Jama'at Nusrat al-Islam wal-Muslimin"  # its known name


def test_a_bombing_stays_political_violence_in_an_article_with_crime_words() -> None:
    d = _rules(
        "A bomb exploded at a cafe in Madrid on Friday, killing 13 people. Two suspects were later "
        "charged with murder."
    )
    i = _main(d)
    assert i.event_type is EventType.EXPLOSIONS
    assert i.political_violence is True


def test_an_attack_on_people_of_no_armed_side_is_no_battle() -> None:
    # Nothing says the victims were armed: one side's violence, not two organised sides fighting.
    d = _rules("Two protesters were killed when police opened fire on demonstrators in Nairobi on Monday.")
    i = _main(d)
    assert i.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS
    assert _roles(i).get("police") == "perpetrator"


def test_an_ambush_on_armed_people_stays_a_battle() -> None:
    d = _rules("Three policemen were killed when insurgents ambushed their convoy in Diyala, officials said.")
    i = _main(d)
    assert i.event_type is EventType.BATTLES
    assert _roles(i).get("insurgents") == "perpetrator"


def test_according_to_a_named_speaker_keeps_the_appositive() -> None:
    d = _rules(
        "Twelve people were killed in the blast in Kandahar, according to Mohammed Khan, a "
        "spokesman for the provincial government."
    )
    assert _main(d).casualties[0].stated_by == "Mohammed Khan (spokesman for the provincial government)"


def test_an_appositive_without_an_article_describes_the_name() -> None:
    d = _rules(
        "Gen. John Smith, commander of U.S. forces in the region, said 12 militants were killed in the "
        "airstrike in Nangarhar."
    )
    assert _main(d).casualties[0].stated_by == "Gen. John Smith (commander of U.S. forces in the region)"


def test_a_clause_holding_a_role_word_is_no_role() -> None:
    d = _rules("After the official ceremony, John Smith said 12 people were killed in the blast in Kandahar.")
    assert _main(d).casualties[0].stated_by == "John Smith"


def test_an_army_veteran_who_fired_does_not_make_the_army_a_perpetrator() -> None:
    d = _rules(
        "Police say Army veteran John Doe fired 212 rounds in Houston on Monday, wounding six people. "
        "The suspect was charged with attempted murder."
    )
    i = _main(d)
    assert not any(a.role is ActorRole.PERPETRATOR and a.name.lower() == "army" for a in i.actors)
    assert i.political_violence is False
