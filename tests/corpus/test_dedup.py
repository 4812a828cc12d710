"""Near-duplicate detection: MinHash signatures and linking copies to their original."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from strife.corpus.dedup import (
    find_near_duplicates,
    jaccard,
    minhash,
    shingles,
    similarity,
)

ORIGINAL = (
    "Gunmen attacked a police checkpoint on the outskirts of Maiduguri late on Friday, killing "
    "four officers and wounding two others, a police spokesman said on Saturday. The attackers "
    "arrived on motorcycles and fled into the bush after a gun battle that lasted about an hour. "
    "Residents said they heard heavy gunfire and explosions for most of the night. No group has "
    "claimed responsibility, but the area has seen repeated raids by insurgents this year."
)
# A wire copy: new dateline, one figure updated, a closing line added.
WIRE_COPY = (
    "MAIDUGURI (Reuters) - Gunmen attacked a police checkpoint on the outskirts of Maiduguri late "
    "on Friday, killing five officers and wounding two others, a police spokesman said on Saturday. "
    "The attackers arrived on motorcycles and fled into the bush after a gun battle that lasted "
    "about an hour. Residents said they heard heavy gunfire and explosions for most of the night. "
    "No group has claimed responsibility, but the area has seen repeated raids by insurgents this year. "
    "Reporting by our staff; editing by the desk."
)
# The same incident told independently by another outlet.
OTHER_OUTLET = (
    "Four policemen died when suspected insurgents stormed a checkpoint near Maiduguri on Friday "
    "night, according to officials. Witnesses described a prolonged exchange of fire before the "
    "assailants escaped on motorbikes. Two officers were taken to hospital with gunshot wounds."
)


def test_shingles_are_lowercased_three_word_windows():
    assert shingles("Gunmen Attacked the checkpoint") == {"gunmen attacked the", "attacked the checkpoint"}


def test_shingles_of_short_text_is_the_whole_text():
    assert shingles("Two words") == {"two words"}
    assert shingles("") == set()


def test_minhash_is_deterministic_and_fixed_length():
    assert minhash(ORIGINAL) == minhash(ORIGINAL)
    assert len(minhash(ORIGINAL)) == 128 * 4


@pytest.mark.parametrize("a, b, low, high", [
    (ORIGINAL, ORIGINAL, 1.0, 1.0),
    (ORIGINAL, WIRE_COPY, 0.6, 1.0),
    (ORIGINAL, OTHER_OUTLET, 0.0, 0.2),
])
def test_minhash_similarity_estimates_jaccard(a, b, low, high):
    estimate = similarity(minhash(a), minhash(b))
    assert low <= estimate <= high
    assert abs(estimate - jaccard(a, b)) < 0.15


def test_wire_copy_is_linked_to_the_earlier_original():
    items = [
        ("copy", "2024-03-02", minhash(WIRE_COPY)),
        ("orig", "2024-03-01", minhash(ORIGINAL)),
        ("other", "2024-03-01", minhash(OTHER_OUTLET)),
    ]
    links = find_near_duplicates(items, 0.6)
    assert set(links) == {"copy"}
    assert links["copy"].original == "orig"
    assert links["copy"].similarity >= 0.6


def test_independent_reports_of_one_incident_are_not_duplicates():
    items = [("a", "2024-03-01", minhash(ORIGINAL)), ("b", "2024-03-01", minhash(OTHER_OUTLET))]
    assert find_near_duplicates(items, 0.6) == {}


def test_copies_of_copies_link_to_the_first_original():
    copy2 = WIRE_COPY.replace("five officers", "six officers")
    items = [("c2", "2024-03-03", minhash(copy2)), ("c1", "2024-03-02", minhash(WIRE_COPY)),
             ("o", "2024-03-01", minhash(ORIGINAL))]
    links = find_near_duplicates(items, 0.6)
    assert {k: v.original for k, v in links.items()} == {"c1": "o", "c2": "o"}


def test_same_wording_weeks_apart_is_not_a_copy_when_a_window_is_set():
    items = [("old", "2024-01-01", minhash(ORIGINAL)), ("new", "2024-03-01", minhash(WIRE_COPY))]
    assert find_near_duplicates(items, 0.6, max_days=7) == {}
    assert set(find_near_duplicates(items, 0.6)) == {"new"}


def test_ties_in_date_go_to_the_smallest_id():
    items = [("b", "2024-03-01", minhash(ORIGINAL)), ("a", "2024-03-01", minhash(ORIGINAL))]
    assert find_near_duplicates(items, 0.6)["b"].original == "a"


@given(st.text(min_size=0, max_size=300))
@hsettings(max_examples=50, deadline=None)
def test_any_text_is_its_own_near_duplicate(text):
    sig = minhash(text)
    assert similarity(sig, sig) == 1.0
    assert find_near_duplicates([("x", "1", sig), ("y", "2", sig)], 0.99)["y"].original == "x"


# --- near duplicates must agree on places and numbers ---

TEMPLATE = ("On 5 May 2024, hundreds of teachers gathered outside the state assembly in {city} to demand "
            "the payment of salary arrears owed since January. The protesters carried placards and sang "
            "solidarity songs before a union leader addressed the crowd. Police watched from a distance "
            "and no arrests were reported. The union said the strike would continue until the arrears "
            "were paid in full.")


def test_template_about_different_cities_is_not_a_near_duplicate():
    from strife.corpus.dedup import numbers_in

    lagos, kano = TEMPLATE.format(city="Lagos"), TEMPLATE.format(city="Kano")
    assert jaccard(lagos, kano) > 0.8   # the shingles alone say "copy"
    items = [("lagos", "2024-05-05", minhash(lagos)), ("kano", "2024-05-05", minhash(kano))]
    assert find_near_duplicates(items, 0.6) != {}
    facts = {"lagos": (frozenset({"lagos", "nigeria"}), numbers_in(lagos)),
             "kano": (frozenset({"kano", "nigeria"}), numbers_in(kano))}
    assert find_near_duplicates(items, 0.6, facts=facts) == {}


def test_template_with_different_numbers_is_not_a_near_duplicate():
    from strife.corpus.dedup import numbers_in

    a = TEMPLATE.format(city="Lagos")
    b = a.replace("On 5 May", "On 12 May")
    facts = {"a": (frozenset({"lagos"}), numbers_in(a)), "b": (frozenset({"lagos"}), numbers_in(b))}
    items = [("a", "2024-05-05", minhash(a)), ("b", "2024-05-12", minhash(b))]
    assert find_near_duplicates(items, 0.6, facts=facts) == {}


def test_wire_copy_with_one_revised_figure_still_agrees():
    from strife.corpus.dedup import facts_agree, numbers_in

    assert numbers_in(ORIGINAL) == {"4", "2"} and numbers_in("in 2024, 1,200 people") == {"1200"}
    a = (frozenset({"maiduguri"}), numbers_in(ORIGINAL))
    b = (frozenset({"maiduguri", "nigeria"}), numbers_in(WIRE_COPY))
    assert facts_agree(a, b)
    items = [("orig", "2024-01-05", minhash(ORIGINAL)), ("copy", "2024-01-06", minhash(WIRE_COPY))]
    assert set(find_near_duplicates(items, 0.6, facts={"orig": a, "copy": b})) == {"copy"}


def test_store_run_keeps_templated_city_reports_apart(tmp_path):
    from strife.corpus.runner import run
    from strife.corpus.store import Store

    src = tmp_path / "notes.jsonl"
    import json

    with src.open("w") as fh:
        for i, city in enumerate(["Lagos", "Kano"]):
            fh.write(json.dumps({"id": f"n{i}", "published": "2024-05-05", "text": TEMPLATE.format(city=city)}) + "\n")
    db = str(tmp_path / "s.db")
    run([str(src)], db, workers=0)
    with Store(db) as store:
        assert store.originals() == {}
