"""The evaluation guards quality: metrics may not fall below the floors recorded here.

Floors are the values measured when they were set, minus a small margin. Raise them as
quality rises; never lower them to let a change pass.
"""

from __future__ import annotations

import pytest
from helpers import DOCS

from app.core.settings import Settings
from app.evaluation import harness as evaluation

# `make eval-check` (and CI, after `make test`): the evaluation answers every question, minutes
# of CPU, so `make test` leaves it out (-m "not evaluation") to stay a few minutes long
pytestmark = pytest.mark.evaluation

FLOORS = {  # all 3743 (issue 13, round 13, the later14 set included): .871 / .893 / .805 /
    # .780 / .577 / .820 (the 3446 before it read .870 / .895 / .801 / .779 / .581 / .822)
    "recall_at_k": 0.86,
    "mrr": 0.885,
    "answer_hit_rate": 0.795,
    "citation_precision": 0.77,
    "abstention_precision": 0.57,
    "abstention_recall": 0.81,
}
# every split keeps what it has now, within about 0.01: (recall@5, answer hit, citation
# precision, abstention recall) and the most wrong answers it may give
SPLIT_FLOORS = {
    "dev": (0.99, 0.915, 0.94, 0.99, 0.08),
    "test": (0.99, 0.965, 0.97, 0.99, 0.03),
    "fresh": (0.97, 0.92, 0.96, 0.99, 0.03),
    "fresh2": (0.955, 0.89, 0.965, 0.92, 0.01),
    "fresh3": (0.96, 0.99, 0.97, 0.91, 0.01),
    "later_dev": (0.87, 0.945, 0.93, 0.875, 0.02),
    # held out for issue 13's first round, first measured at hit 0.725, wrong 0.174
    "later": (0.855, 0.895, 0.79, 0.93, 0.065),
    # held out for its second round, first measured at hit 0.7925, wrong 0.0755, abstention
    # recall 0.643 (a floor under what it has since, not a target)
    "later2": (0.845, 0.885, 0.915, 0.84, 0.045),
    # measured once at the end of the second round (hit 0.756, wrong 0.171, abstention recall
    # 0.833), then worked on in round 3
    "later3": (0.925, 0.90, 0.97, 0.90, 0.035),
    # held out until the end of round 3, measured once on its final code: hit 0.802, wrong
    # 0.125, abstention recall 0.714; worked on in rounds 3 and 4
    # (its wrong_answer_rate is 0.042 on one machine and 0.052 on another: the OpenVINO
    # export each machine makes of the model differs in its last digits)
    "later4": (0.825, 0.865, 0.98, 0.915, 0.06),
    # written blind for round 4 as development data: first run hit 0.835, wrong 0.110. Round
    # 5 lowered it by one question (0.890 -> 0.879: "What was the member count in June
    # 2024?" now abstains, its newsletter read with its e-mail headers as title and date,
    # and recall@5 0.836 -> 0.824), a drop the closing note reports
    # (round 10: one question, "When and where is the next Tidewater Build Week?", is right
    # when the split runs alone, 0.879, and wrong in the whole run, 0.868, most likely a near
    # tie that the batches earlier questions embedded sentences in flip; the floor takes that
    # one question)
    "later5_dev": (0.815, 0.865, 0.775, 0.99, 0.056),
    # held out until the end of round 4, measured once on its final code: hit 0.745, wrong
    # 0.148, abstention recall 0.909; worked on in rounds 4 and 5. Of its citations outside
    # the listed sources, most are member profiles, which the directory cites for facts its
    # writer sourced to a report or a newsletter
    "later5": (0.875, 0.82, 0.685, 0.90, 0.075),
    # written blind for round 5 as development data: first run hit 0.707, wrong 0.239,
    # abstention recall 0.875; worked on in round 5
    "later6_dev": (0.845, 0.845, 0.715, 0.80, 0.13),
    # held out until the end of round 5, measured once on its final code: hit 0.749, wrong
    # 0.160, abstention recall 0.72 (0.687 / 0.172 / 0.72 on the code round 5 started from)
    "later6": (0.845, 0.735, 0.87, 0.71, 0.165),
    # written blind for round 6 as development data: first run hit 0.730, wrong 0.164,
    # abstention recall 0.789; worked on in round 6 (hit 0.787 on one machine, 0.779 on
    # another)
    "later7_dev": (0.79, 0.77, 0.765, 0.78, 0.135),
    # held out until the end of round 6, measured once on its final code: hit 0.772, wrong
    # 0.144, abstention recall 0.694; worked on in round 7 (0.785 / 0.131 / 0.75)
    "later7": (0.87, 0.775, 0.82, 0.74, 0.14),
    # held out until the end of round 7, measured once on its final code: hit 0.775, wrong
    # 0.149, abstention recall 0.658 (0.771 / 0.149 / 0.605 on the code the round started
    # from); a floor under its first run, not a target
    "later8": (0.785, 0.765, 0.73, 0.645, 0.16),
    # written blind for round 8 and measured once before any work on it (on the code the
    # round started from, 2334c45): hit 0.645, wrong 0.248, abstention recall 0.76; worked
    # on in round 8 (0.681 / 0.213 / 0.76) and round 9 (abstention recall 0.80); a floor
    "later9": (0.835, 0.69, 0.685, 0.79, 0.215),
    # written blind for round 9 and measured once before any work on it (on the code the
    # round started from, e80061e): hit 0.669, wrong 0.256, abstention recall 0.654; worked
    # on in round 9 (0.731 / 0.206 / 0.808); a floor, not a target
    "later10": (0.885, 0.75, 0.68, 0.795, 0.19),
    # written blind for round 10 and measured once before any work on it (on 2432e29 with
    # the evaluation's retrieval change, which changes no answer): hit 0.608, wrong 0.215,
    # abstention recall 0.656; worked on in round 10 (0.656 / 0.174 / 0.688) and round 11
    # (0.681 / 0.167 / 0.688); a floor
    "later11": (0.855, 0.685, 0.71, 0.74, 0.175),
    # written blind for round 11 and measured once before any work on it (on the round's
    # first part, 600b397, whose changes came from later11 and the older splits): hit 0.638,
    # wrong 0.189, abstention recall 0.719; worked on in the round's second part (0.660 /
    # 0.170 / 0.719); a floor, not a target
    "later12": (0.87, 0.67, 0.675, 0.705, 0.165),
    # written blind for round 12 and measured once before any work on it (on the round-11
    # code, 55d4644): hit 0.679, wrong 0.220, abstention recall 0.606; worked on in round 12
    # (0.750 / 0.160 / 0.636); a floor, not a target
    "later13": (0.85, 0.745, 0.60, 0.655, 0.17),
    # written blind for round 13 and measured once before any work on it (on the round-12
    # code, 40d675f): hit 0.708, wrong 0.125, abstention recall 0.697; worked on in round 13
    # (0.792 / 0.091 / 0.697); a floor, not a target
    "later14": (0.87, 0.78, 0.76, 0.68, 0.10),
}


@pytest.fixture(scope="module")
def report(eval_report):
    """``alliance-assistant eval --json``, as a user runs it: a child process that the
    tests' start began (tests/conftest.py), running beside the other tests."""
    return eval_report


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_metric_above_floor(report, metric):
    assert report[metric] >= FLOORS[metric], (metric, report[metric], report["misses"])


@pytest.mark.parametrize("split", sorted(SPLIT_FLOORS))
def test_every_split_above_its_floor(report, split):
    block = report["splits"][split]
    recall, hit, precision, abstention, wrong = SPLIT_FLOORS[split]
    assert block["recall_at_k"] >= recall, (split, block)
    assert block["answer_hit_rate"] >= hit, (split, block)
    assert block["citation_precision"] >= precision, (split, block)
    assert block["abstention_recall"] >= abstention, (split, block)
    assert block["wrong_answer_rate"] <= wrong, (split, block)


def test_hybrid_beats_both_baselines(report):
    for mode in ("dense", "bm25"):
        assert report["recall_at_k"] > report["baselines"][mode]["recall_at_k"], mode
        assert report["mrr"] > report["baselines"][mode]["mrr"], mode


def test_report_has_every_section(report):
    assert report["questions"] >= 80
    assert set(report["splits"]) >= set(SPLIT_FLOORS)
    assert report["categories"]["out_of_scope"]["questions"] >= 15
    for block in [report, *report["splits"].values()]:
        assert 0 < block["latency_p50_ms"] <= block["latency_p95_ms"]
    assert sum(s["questions"] for s in report["splits"].values()) == report["questions"]
    assert sum(c["questions"] for c in report["categories"].values()) == report["questions"]


def test_settings_hold_the_thresholds_the_dev_split_chose(model, tmp_path, seed_index):
    chosen = evaluation.run_calibration(
        settings=Settings(corpus_dir=DOCS, data_dir=tmp_path), model=model, seed=seed_index
    )["thresholds"]
    defaults = Settings()
    for name, value in chosen.items():
        assert getattr(defaults.answer, name) == pytest.approx(value), name
