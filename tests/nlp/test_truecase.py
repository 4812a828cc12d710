"""Upper-case wire text read in ordinary case (strife/nlp/truecase.py). Stories are ours."""
from __future__ import annotations

from strife.nlp.truecase import is_upper_case, read_in_ordinary_case, text_to_parse, truecase
from strife.models import Article

WIRE = ("SAN SALVADOR, 12 NOV 89 -- [TEXT] GUERRILLAS OF THE FARABUNDO MARTI NATIONAL LIBERATION "
        "FRONT [FMLN] ATTACKED A POLICE POST IN SAN MIGUEL ON 10 NOVEMBER. THE ARMY SAID TWO "
        "POLICEMEN WERE KILLED.")


def test_truecase_detects_capitals_only_text():
    assert is_upper_case(WIRE)
    assert not is_upper_case("Guerrillas attacked a police post in San Miguel on Friday, the army said.")
    assert not is_upper_case("BREAKING: BLAST")   # too short to judge


def test_truecase_keeps_length_names_and_acronyms(nlp):
    cased = truecase(WIRE, nlp(WIRE))
    assert len(cased) == len(WIRE)
    assert cased.lower() == WIRE.lower()
    assert "[FMLN]" in cased                      # a bracketed acronym stays
    assert "attacked a police post" in cased      # ordinary words go lower case
    assert "[TEXT] Guerrillas" in cased           # a sentence opening keeps its capital
    assert ". The " in cased
    assert "November" in cased                    # months keep theirs


def test_truecase_reparses_only_upper_case_articles(nlp):
    mixed = Article(id="a", text="Rebels attacked a police post in the town on Friday.")
    doc = nlp(mixed.text)
    assert read_in_ordinary_case(nlp, doc, mixed, 10_000) == (doc, mixed)
    upper = Article(id="b", text=WIRE)
    doc2, art2 = read_in_ordinary_case(nlp, nlp(WIRE), upper, 10_000)
    assert art2.text != WIRE and art2.text.lower() == WIRE.lower()
    assert doc2.text == art2.text
    assert upper.text == WIRE                     # the caller's article is not changed


# --- the lower-case first reading (stories are ours)

IRAQ_WIRE = ("MOSUL, IRAQ -- MILITANTS ATTACKED AN ARMY CHECKPOINT NEAR THE TOWN OF TAL AFAR ON MONDAY, "
             "THE IRAQI ARMY SAID. THE ATTACK KILLED FOUR SOLDIERS, A SPOKESMAN FOR THE DEFENSE "
             "MINISTRY IN BAGHDAD TOLD REPORTERS.")

SANTA_ANA_WIRE = ("SAN SALVADOR, 4 FEB 90 -- A BOMB EXPLODED OUTSIDE A BAKERY IN SANTA ANA, KILLING "
                  "ROBERTO CARLOS MENJIVAR, 40; ANA MENJIVAR, 17; AND A POLICEMAN. GUERRILLAS OF THE "
                  "FMLN FIRED AK-47 RIFLES AT A PATROL 5 KM AWAY. U.S. ADVISERS WERE MOVED TO THE "
                  "CAPITAL. THE SALVADORAN ARMY BLAMED THE FMLN.")


def test_text_to_parse_lowers_only_capitals():
    assert text_to_parse(IRAQ_WIRE) == IRAQ_WIRE.lower()
    mixed = "Militants attacked an army checkpoint near Tal Afar on Monday, the Iraqi army said."
    assert text_to_parse(mixed) == mixed


def test_truecase_finds_places_from_a_lower_case_parse(nlp):
    cased = truecase(IRAQ_WIRE, nlp(text_to_parse(IRAQ_WIRE)))
    assert len(cased) == len(IRAQ_WIRE)
    assert "in Baghdad" in cased and cased.startswith("Mosul, Iraq --")
    assert "the Iraqi army" in cased                 # a nationality keeps its capital
    assert "attacked an army checkpoint" in cased    # ordinary words do not


def test_truecase_keeps_a_name_capitalised_throughout(nlp):
    cased = truecase(SANTA_ANA_WIRE, nlp(text_to_parse(SANTA_ANA_WIRE)))
    assert "Roberto Carlos Menjivar, 40; Ana Menjivar, 17" in cased
    assert "a bakery in Santa Ana" in cased


def test_truecase_keeps_acronyms_codes_and_initials(nlp):
    cased = truecase(SANTA_ANA_WIRE, nlp(text_to_parse(SANTA_ANA_WIRE)))
    assert "the FMLN fired AK-47 rifles" in cased    # no vowel: an acronym; digits: a code
    assert "5 km away" in cased                      # a unit stays lower case
    assert "U.S. advisers" in cased                  # initials, and no sentence opens after them
    assert "The Salvadoran army" in cased


def test_truecase_tells_the_country_us_from_the_pronoun(nlp):
    text = ("WASHINGTON -- THE PRESIDENT MET US OFFICIALS ON MONDAY AND TOLD US THAT THE US "
            "MILITARY WOULD STAY IN THE REGION FOR NOW.")
    cased = truecase(text, nlp(text_to_parse(text)))
    assert "met US officials" in cased and "told us that the US military" in cased


def test_extract_many_reads_capitals_like_extract():
    from strife import extract, extract_many

    one = extract(IRAQ_WIRE, published="2021-03-01")
    many = extract_many([IRAQ_WIRE], published="2021-03-01")[0]
    assert many.article.text == one.article.text != IRAQ_WIRE
    assert [(e.event_type, e.location) for e in many.events] == [(e.event_type, e.location) for e in one.events]
    assert any(p.text == "Baghdad" for p in many.places)


def test_truecase_capitalises_places_the_tagger_took_for_nouns(nlp):
    text = ("OFFICIALS SAID ON TUESDAY THAT A MAN WAS ARRESTED AFTER SHELLING HIT EASTERN ALEPPO. "
            "RESIDENTS OF ALEPPO FLED TO THE TEMPLE, WHERE THE SURPRISE WAS COMPLETE.")
    doc = nlp(text_to_parse(text))
    assert "eastern aleppo" in truecase(text, doc)                 # no gazetteer: left alone
    known = {"aleppo", "temple", "surprise"}
    cased = truecase(text, doc, lambda name: name.lower() in known)
    assert "hit eastern Aleppo. Residents of Aleppo fled" in cased
    assert "to the temple, where the surprise" in cased             # common nouns, whatever the gazetteer says


def test_well_known_place_answers_for_big_places_only(gazetteer_settings):
    from strife.geo.gazetteer import open_gazetteer
    from strife.geo.places import well_known_place

    is_place = well_known_place(open_gazetteer(gazetteer_settings))
    assert is_place("aleppo") and is_place("winnipeg") and is_place("iraq")
    assert not is_place("police") and not is_place("the") and not is_place("qwertzuiop")


def test_truecase_leaves_us_the_pronoun_after_a_verb(nlp):
    text = "[REPORTER] PLEASE TELL US SOMETHING ABOUT THE ATTACK ON THE BRIDGE NEAR THE TOWN LAST NIGHT."
    assert "tell us something" in truecase(text, nlp(text_to_parse(text)))


def test_truecase_takes_a_noun_no_dictionary_knows_for_a_name(nlp):
    from strife.nlp.model import dictionary_words

    text = ("THE FUNERAL MARCH ENDED AT THE LA CUCHILLA CEMETERY, WHERE THE BODIES OF THE UNION "
            "MEMBERS WERE BURIED ON SUNDAY AFTERNOON BEFORE A LARGE CROWD.")
    cased = truecase(text, nlp(text_to_parse(text)), words=dictionary_words(nlp))
    assert "Cuchilla" in cased
    assert "the bodies of the union members were buried" in cased


def test_dictionary_words_are_the_lemmatizers_lists(nlp):
    from strife.nlp.model import dictionary_words

    words = dictionary_words(nlp)
    assert {"bomb", "guerrilla", "cemetery", "kill"} <= words
    assert "cuchilla" not in words
    assert dictionary_words(nlp) is words        # built once per pipeline


def test_is_upper_case_counts_letters_as_the_patterns_do():
    import random

    from strife.nlp import truecase as tc

    def by_patterns(text):
        upper, lower = len(tc._UPPER.findall(text)), len(tc._LOWER.findall(text))
        return upper + lower >= tc.MIN_LETTERS and upper >= tc.UPPER_SHARE * (upper + lower)

    rng = random.Random(3)
    ascii_chars, other = "ABCXYZabcxyz 0123,.!\n\t", "ÀÞßÿéİ"
    texts = ["A" * 40, "A" * 39, "A" * 36 + "abcd", "A" * 35 + "abcd", "GUNMEN KILLED 3 IN SAN SALVADOR, " * 3,
             "Gunmen killed three people in an attack on a market on Sunday, police said."]
    texts += ["".join(rng.choice(ascii_chars + (other if i % 2 else "")) for _ in range(rng.randint(0, 120)))
              for i in range(3000)]
    assert any(by_patterns(t) for t in texts) and not all(by_patterns(t) for t in texts)
    for text in texts:
        assert tc.is_upper_case(text) == by_patterns(text), text


def test_truecase_opens_a_sentence_after_a_curly_quote(nlp):
    text = ("REPORTERS MET HER NEIGHBOUR, A BAKER KNOWN AS “MAMA ROSA.” FOR YEARS SHE COOKED FOR "
            "THE STRIKERS. ‘WE ARE NOT AFRAID,’ SHE SAID. “THEY CAME AT NIGHT.” THE POLICE DENIED IT.")
    cased = truecase(text, nlp(text_to_parse(text)))
    assert "Rosa.” For years she cooked for the strikers." in cased
    assert "‘We are not afraid,’ she said. “They came at night.” The police" in cased


def test_truecase_keeps_trigger_words_and_inflections_lower_case(nlp):
    from strife.nlp.model import dictionary_words

    text = ("THE CEASEFIRE COLLAPSED ON MONDAY WHEN A BOMB WENT OFF OUTSIDE THE COURTHOUSE. DINERS IN "
            "THE NEIGHBOURING RESTAURANT HEARD MOANING FROM THE STREET, AND PEACEKEEPERS CLOSED THE ROAD.")
    cased = truecase(text, nlp(text_to_parse(text)), words=dictionary_words(nlp))
    assert "The ceasefire collapsed" in cased                 # a word of strife's trigger lexicon
    assert "in the neighbouring restaurant heard moaning" in cased   # "-ing" on a dictionary word
    assert "and peacekeepers closed the road" in cased


def test_truecase_capitalises_an_unknown_first_name_read_as_an_adjective(nlp):
    from strife.nlp.model import dictionary_words

    text = ("AMONG THOSE DETAINED WAS 38-YEAR-OLD LISBETH VILLEGAS, A NURSE IN THE CAPITAL. SHE HAS "
            "NOT BEEN SEEN SINCE, HER SISTER SAID ON FRIDAY.")
    doc = nlp(text_to_parse(text))
    cased = truecase(text, doc, words=dictionary_words(nlp))
    assert "38-year-old Lisbeth Villegas, a nurse in the capital" in cased
