"""One incident told twice in a story is one event (strife/events/incidents.py and
extract.py): "the second explosion" of a set told, a demonstrative "this bombing", a mention
placed only at the country, a mention dated only by the story's day; another town or "a
second bomb" elsewhere stays apart. Tolls that are no incident's: a party's record, deaths
summed over several towns. Stories are our own and run the whole pipeline."""
from __future__ import annotations

import strife

PUBLISHED = "2021-06-12"   # a Saturday


def _events(text: str):
    return [(e.sub_event_type, e.location, e.fatalities, e.injured)
            for e in strife.extract(text, published=PUBLISHED).events]


def test_the_second_explosion_is_one_of_the_bombs_told():
    got = _events("Two bombs exploded in Bogota on Friday morning, wounding four people. The first "
                  "bomb went off outside a bank on Seventh Avenue. The second explosion took place "
                  "at a telephone office a few blocks away.")
    assert got == [("Remote explosive/landmine/IED", "Bogota", 0, 4)]


def test_a_second_bomb_in_another_town_stays_apart():
    got = _events("A bomb exploded outside a bank in Bogota on Friday morning, wounding four "
                  "people. A second bomb exploded at a telephone office in Medellin an hour later.")
    assert sorted(loc for _t, loc, _k, _i in got) == ["Bogota", "Medellin"]


def test_this_bombing_points_back_whatever_its_method():
    # "bombed" by the air force is an air strike; "this bombing" alone would read as a bomb
    got = _events("The air force bombed a neighbourhood of Soyapango on Monday morning. As a "
                  "result of this bombing three people were killed and twelve injured.")
    assert got == [("Air/drone strike", "Soyapango", 3, 12)]


def test_a_later_bomb_in_the_same_town_stays_apart():
    got = _events("The air force bombed a neighbourhood of Soyapango on Monday morning. Later, a "
                  "bomb exploded in a market in Soyapango, killing two people.")
    assert len(got) == 2


def test_a_site_the_incident_named_is_no_move():
    # "Prados de Venecia" was named with Soyapango in the lead: houses destroyed there are
    # the air strike's damage, not an incident at another site
    got = _events("The air force has bombed the area across from the textile factory and Prados "
                  "de Venecia in Soyapango. As a result of this bombing three persons have been "
                  "killed. In Prados de Venecia houses have been totally destroyed.")
    assert got == [("Air/drone strike", "Soyapango", 3, 0)]


def test_a_kidnapping_told_again_in_the_country_is_the_same():
    # the last sentence names Cartagena, but only as where a summit was held: the kidnapping
    # it tells is placed in Colombia, which holds Antioquia, so it is the one told first
    got = _events("Two Canadian engineers were kidnapped by rebels in Antioquia department on "
                  "2 June. The two men spoke to reporters in Medellin after their release. They "
                  "said they were treated well. The ELN kidnapped them to protest the presence of "
                  "foreign troops in Colombia, which hosted a drug summit in Cartagena.")
    assert [(t, loc) for t, loc, _k, _i in got] == [("Abduction/forced disappearance", "Antioquia")]


def test_kidnappings_in_villages_of_the_department_stay_apart():
    # villages the gazetteer lacks, in the department: other incidents, not a retelling
    got = _events("Rebels kidnapped two engineers in Medellin on Thursday. The men work for a "
                  "Brazilian oil company. The rebels also kidnapped three farmers in Xalquitos and "
                  "Tumberal, in Antioquia department.")
    assert sorted(loc for _t, loc, _k, _i in got) == ["Medellin", "Tumberal", "Xalquitos"]


def test_a_partys_record_gives_no_toll():
    got = _events("Rebels attacked a police post in Ayacucho on Sunday, killing two officers. The "
                  "rebel radio called for the purge of an army that murdered an archbishop and "
                  "thousands of peasants.")
    assert [(loc, k) for _t, loc, k, _i in got] == [("Ayacucho", 2)]


def test_a_patrol_that_killed_on_a_day_is_an_incident():
    got = _events("Soldiers from an army patrol that killed three farmers near Huanta on Sunday "
                  "were arrested on Monday.")
    assert [(loc, k) for _t, loc, k, _i in got] == [("Huanta", 3)]


def test_deaths_in_attacks_against_several_towns_are_a_total():
    got = _events("Military sources said 35 people died in attacks by rebels against four towns "
                  "in Ayacucho department on Wednesday.")
    assert got and all(k < 35 for _t, _loc, k, _i in got)


def test_deaths_in_an_attack_on_one_town_are_its_toll():
    got = _events("Military sources said 35 people died in an attack by rebels on the town of "
                  "Huanta in Ayacucho department on Wednesday.")
    assert [(loc, k) for _t, loc, k, _i in got] == [("Huanta", 35)]


def test_a_downed_gunship_is_no_air_strike():
    got = _events("Rebels fought troops in Soyapango on Friday, the army said.\n\nThe defence "
                  "minister said the situation in the capital was under control. Shops reopened "
                  "in the centre of the city.\n\nGuerrillas also downed a helicopter gunship in "
                  "Usulutan.")
    assert all(t != "Air/drone strike" for t, _loc, _k, _i in got)


def test_what_a_downed_gunship_was_doing_is_no_incident_of_its_own():
    got = _events("Rebels fought troops in Soyapango on Friday, the army said.\n\nThe defence "
                  "minister said the situation in the capital was under control. Shops reopened "
                  "in the centre of the city.\n\nWe downed a helicopter gunship that was shooting "
                  "at the civilian population in Usulutan.")
    assert [loc for _t, loc, _k, _i in got] == ["Soyapango"]


def test_a_gunship_that_strafed_a_village_is_an_air_strike():
    got = _events("An army helicopter gunship strafed the village of San Isidro in Chalatenango "
                  "on Friday, killing two farmers.")
    assert [(t, k) for t, _loc, k, _i in got] == [("Air/drone strike", 2)]


def test_the_grenade_named_again_is_the_blast_told():
    got = _events("A military spokesman has reported that one civilian was killed and five other "
                  "people were injured today as a result of the explosion of a fragmentation "
                  "grenade near the central market of San Salvador. The civilian was a taxi driver. "
                  "The injured were taken to a hospital in the capital. According to the source, "
                  "the grenade was thrown at 0630. The attack took place near the market, which is "
                  "very crowded at that time of day.")
    assert [(loc, k, i) for _t, loc, k, i in got] == [("San Salvador", 1, 5)]


def test_a_grenade_thrown_later_elsewhere_stays_apart():
    got = _events("A military spokesman said one civilian was killed and five other people were "
                  "injured today when a grenade exploded near the central market of San Salvador. "
                  "Later, another grenade was thrown at a police post in Santa Ana.")
    assert len(got) == 2


def test_many_hurt_by_the_explosion_is_no_toll_of_its_own():
    got = _events("There was a terrorist attack at the central market of San Salvador today. A bomb "
                  "was thrown at a soda shop by the southern entrance. One person died at the "
                  "hospital. We were told that this explosion wounded 37 persons. Police closed the "
                  "market. Traders said they feared more attacks. The force of the explosion and "
                  "the shrapnel injured many people.")
    assert [(loc, k, i) for _t, loc, k, i in got] == [("San Salvador", 1, 37)]


def test_the_building_destroyed_is_the_blasts_damage_told_late():
    # the toll told again joins the blast; the damage told right after it is the blast's too
    got = _events("A car bomb exploded outside the offices of a trade union in San Salvador today. "
                  "Seven people were killed. Twelve were seriously injured. Among the injured are "
                  "two girls who were close to the main entrance. Rescue workers searched the "
                  "rubble. The bomb was in a pickup truck parked at the door. Approximately seven "
                  "people were killed and twelve injured, including two minors. It was also "
                  "reported that the building was destroyed.")
    assert [(t, loc, k, i) for t, loc, k, i in got] == [
        ("Remote explosive/landmine/IED", "San Salvador", 7, 12)]


def test_where_a_confirming_embassy_sits_is_no_other_site():
    got = _events("A bomb planted by unidentified men exploded early this morning in a cargo plane "
                  "parked at the airport of Monteria, police said. No one was hurt. The U.S. embassy "
                  "in Bogota confirmed that the plane was seriously damaged by the flames.")
    assert [loc for _t, loc, _k, _i in got] == ["Monteria"]


def test_a_second_bomb_in_the_capital_stays_apart():
    got = _events("A bomb planted by unidentified men exploded early this morning in a cargo plane "
                  "parked at the airport of Monteria, police said. No one was hurt. In Bogota, a "
                  "police post was seriously damaged by a second bomb.")
    assert sorted(loc for _t, loc, _k, _i in got) == ["Bogota", "Monteria"]


def test_city_blocks_away_are_a_distance_not_a_road_block():
    got = _events("Three bombs exploded in Bogota last night. A dynamite explosion that occurred 3 "
                  "blocks away, on 13th Street and 56th Avenue, destroyed the offices of a savings "
                  "bank.")
    assert [t for t, _loc, _k, _i in got] == ["Remote explosive/landmine/IED"]


def test_farmers_who_blocked_a_road_protest():
    got = _events("Hundreds of farmers blocked the road to Chimore on Tuesday to protest the "
                  "eradication of coca crops.")
    assert [t for t, _loc, _k, _i in got] == ["Peaceful protest"]


def test_the_blast_named_after_another_kind_of_news_points_back_at_the_bombing():
    # the police deployment told in between is no incident "the blast" can point at
    got = _events("There has been a terrorist attack against a newspaper in western Bogota. A truck "
                  "bomb exploded inside a gas station next to the newspaper's offices this morning. "
                  "The blast caused great damage, and two buses were destroyed. There is a large "
                  "deployment of police and firemen near the offices. It seems some people were "
                  "injured inside the building because windows were broken due to the blast. We "
                  "have learned there are at least three injured inside the building due to the "
                  "bomb explosion.")
    violent = [(loc, i) for t, loc, _k, i in got if t != "Change to group/activity"]
    assert violent == [("Bogota", 3)]


BRIDGE_STORY = (
    "SAN MIGUEL, 3 APR 90 (RADIO SONORA) -- [TEXT] THE BRIDGE AT EL TRIUNFO, 3 KM SOUTH OF JUCUAPA, "
    "WAS BLOWN UP BY REBELS AT DAWN. IN ANOTHER INCIDENT, REBELS ATTACKED AN ARMY POST IN CACAOPERA. "
    "NO CASUALTIES WERE REPORTED. IN SENSUNTEPEQUE, REBELS ATTACKED THE POLICE STATION. NO DETAILS "
    "ARE AVAILABLE. THE TOWN OF JOCORO WAS ALSO ATTACKED. NO ADDITIONAL DETAILS ARE KNOWN. UNTIL NOW "
    "THE ARMED FORCES HAVE ONLY REPORTED TWO SOLDIERS WOUNDED. THEY ADMIT THAT THE BRIDGE AT EL "
    "TRIUNFO WAS DAMAGED. ACCORDING TO THE BULLETIN, 12 REBELS WERE KILLED IN CLASHES WITH TROOPS "
    "NEAR CHINAMECA.")


def test_damage_told_again_far_down_belongs_to_the_incident_that_named_the_thing():
    # "they admit that the bridge ... was damaged" retells the dawn bombing, not the attack on
    # Jocoro told just before; the clash after it is its own battle, with its own toll
    got = strife.extract(BRIDGE_STORY, published="1990-04-03").events
    by_place = {e.location: e for e in got}
    assert by_place["El Triunfo"].event_type == "Explosions/Remote violence"
    assert by_place["El Triunfo"].fatalities == 0
    assert by_place["Jocoro"].fatalities == 0
    clash = by_place["Chinameca"]
    assert (clash.sub_event_type, clash.fatalities) == ("Armed clash", 12)
    assert len(got) == 5   # the bombing, three attacks, the clash: the aside adds none


def test_a_roundup_gives_each_attack_its_own_toll_and_the_sum_to_none():
    # the lead sums the attacks told below; the one told after "Near X," is at X
    text = ("BAGHDAD, June 11 (Reuters) - A wave of attacks across Iraq killed eight people on "
            "Friday, police said.\n\nIn Baghdad, a roadside bomb exploded near a bus station in the "
            "Karrada district, killing two civilians and wounding six.\n\nIn a separate attack, gunmen "
            "shot dead a police officer at a checkpoint in the northern city of Kirkuk.\n\nNear Baquba, "
            "65 km (40 miles) northeast of Baghdad, a bomb planted on a road killed five soldiers in a "
            "passing patrol, an army officer said.")
    got = sorted((e.location, e.fatalities) for e in strife.extract(text, published=PUBLISHED).events)
    assert got == [("Baghdad", 2), ("Baqubah", 5), ("Kirkuk", 1)]


def test_the_datelines_city_and_the_speakers_city_are_no_site_of_the_incident():
    # filed in Nairobi, told by phone from Mogadishu: the car bomb is the attack told above
    text = ("NAIROBI, Kenya (AP) - Militants attacked an army base in southern Somalia on Friday, "
            "killing at least seven soldiers, a military official said.\n\nThe militants detonated a "
            "car bomb at the gate of the base before storming it, Captain Omar Farah told reporters by "
            "phone from Mogadishu.")
    got = strife.extract(text, published=PUBLISHED).events
    assert len(got) == 1 and got[0].fatalities == 7
