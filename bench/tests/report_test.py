#!/usr/bin/env python3
# bench/tests/report_test.py: the report's derived figures from made-up times (no program
# runs): the CoreMark parts' geometric mean, its row and target line, and a report for
# engines that leave some figures out. CTest runs it as bench.report.
import math
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from suite import report  # noqa: E402
from suite.engines import Engine  # noqa: E402
from suite.workloads import COREMARK_PARTS, all_workloads  # noqa: E402

NATIVE = Engine("native", "native", "native")
FUEL = Engine("cella-fuel", "cella fuel on", "cella")
INFO = {"cpu": "test cpu", "cores": 2, "memory_gib": 1, "kernel": "6", "load_at_start": 0.0,
        "cella": {"warnings": [], "path": "cella", "compiler": "cc", "build_type": "Release",
                  "flags": "-O2", "sanitize": False},
        "revision": "0", "guest_cc": "cc", "native_flags": "-O2", "wasm_cc": "cc",
        "wasm_flags": "-O2", "programs": {}, "node": "-", "v8": "-"}
META = {"mode": "quick", "date": "today", "rounds": 1, "duration_min": 0.1,
        "no_metering_flag": True, "load_at_end": 0.0}


def c_kernels():
    return [w for w in all_workloads(True) if w.name.startswith("c-")]


def results(workloads, engines, fuel_ratio):
    """Native takes 1 s everywhere; cella fuel on takes fuel_ratio(name) seconds."""
    times = {}
    for w in workloads:
        times[(w.name, "native")] = [1.0, 1.0]
        if FUEL in engines:
            times[(w.name, "cella-fuel")] = [fuel_ratio(w.name)] * 2
    return report.Results(workloads, engines, times, {}, {})


def table_line(text, start):
    return next((line for line in text.splitlines() if line.startswith(start)), None)


class CoreMarkParts(unittest.TestCase):
    def test_the_mean_is_over_the_four_parts_only(self):
        part_ratios = dict(zip(COREMARK_PARTS, (2.0, 4.0, 8.0, 16.0)))
        res = results(c_kernels(), [NATIVE, FUEL], lambda name: part_ratios.get(name, 100.0))
        self.assertAlmostEqual(res.coremark_geomean("cella-fuel"), math.sqrt(32.0))
        self.assertGreater(res.group_geomean("cella-fuel", "C kernels"), 10.0)

    def test_the_report_gives_its_row_and_its_target(self):
        res = results(c_kernels(), [NATIVE, FUEL], lambda name: 5.0 if name in COREMARK_PARTS else 50.0)
        text = report.markdown(INFO, META, res, None, None, None)
        row = table_line(text, "| geometric mean, CoreMark parts")
        self.assertIsNotNone(row)
        self.assertIn("5.00×", row)
        self.assertIn("met", table_line(text, "| CoreMark parts"))
        self.assertIn("not met", table_line(text, "| C kernels, geomean"))

    def test_a_missing_part_leaves_the_figure_out(self):
        runs = [w for w in c_kernels() if w.name != COREMARK_PARTS[-1]]
        res = results(runs, [NATIVE, FUEL], lambda name: 3.0)
        self.assertIsNone(res.coremark_geomean("cella-fuel"))
        text = report.markdown(INFO, META, res, None, None, None)
        self.assertIsNone(table_line(text, "| geometric mean, CoreMark parts"))
        self.assertIn("| CoreMark parts", text)  # the target line, with no figure
        self.assertIn("— |", table_line(text, "| CoreMark parts"))

    def test_a_report_of_native_alone_has_no_cella_figures(self):
        res = results(c_kernels(), [NATIVE], lambda name: 1.0)
        text = report.markdown(INFO, META, res, None, None, None)
        self.assertIsNone(table_line(text, "| geometric mean, CoreMark parts"))
        self.assertIsNone(table_line(text, "| CoreMark parts"))


if __name__ == "__main__":
    unittest.main()
