"""The benchmark report's verdicts (bench/report.py): which pages have targets, and the ratios it prints."""
import pytest

from bench.report import verdict


def page(name, who, rps, p95, floor_before=None, reference=False):
    found = {"name": name, "who": who, "load": {"rps": rps, "p95_ms": p95}}
    if floor_before:
        found["floor_load"] = {"rps": floor_before}
    if reference:
        found["reference"] = True
    return found


@pytest.mark.parametrize("measured, expected", [
    # the floor and the signed-in frame are references: no verdict, whatever they measure
    (page("floor", "anonymous", 2000, 5), {"met": None, "ratio": 1.0, "ratio_to_frame": None}),
    (page("frame", "learner", 580, 19, 2000, reference=True), {"met": None, "ratio": 0.29, "ratio_to_frame": None}),
    # a signed-in page: its ratio to the floor just before it, and its share of the signed-in frame
    (page("dashboard", "learner", 200, 55, 2000), {"met": False, "ratio": 0.1, "ratio_to_frame": 0.345}),
    (page("module", "learner", 700, 20, 2000), {"met": True, "ratio": 0.35, "ratio_to_frame": 1.207}),
    (page("module", "learner", 700, 50, 2000), {"met": False, "ratio": 0.35, "ratio_to_frame": 1.207}),
    # an anonymous page is not compared with a signed-in frame
    (page("verify", "anonymous", 660, 17, 2000), {"met": True, "ratio": 0.33, "ratio_to_frame": None}),
])
def test_verdicts(measured, expected):
    found = verdict(measured, floor_rps=2000, frame_rps=580)
    assert {key: found[key] for key in expected} == expected


def test_no_frame_measured_leaves_the_share_empty():
    assert verdict(page("dashboard", "learner", 200, 55, 2000), floor_rps=2000)["ratio_to_frame"] is None
