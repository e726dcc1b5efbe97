#!/usr/bin/env python3
# tests/cli/startup_order_test.py CELLA ORDER_FILE: the functions and variables of
# src/cli/startup.order are in the executable (the file is not stale: at least 90% of
# them), and the linker placed the functions together (cmake/CellaStartupOrder.cmake):
# the 64 KiB windows of code they occupy are not many more than their total size needs.
# Unordered, they spread over the whole executable.
import subprocess
import sys

cella, order_file = sys.argv[1], sys.argv[2]
wanted = [line.strip() for line in open(order_file) if line.strip() and not line.startswith("#")]
defined = set()  # every defined symbol
code = {}  # name -> (address, size) of defined code symbols
nm = subprocess.run(["nm", "-S", "--defined-only", cella], capture_output=True, text=True, check=True)
for line in nm.stdout.splitlines():
    fields = line.split()
    if len(fields) == 4:
        defined.add(fields[3])
        if fields[2] in "tTwW":
            code[fields[3]] = (int(fields[0], 16), int(fields[1], 16))

share = sum(name in defined for name in wanted) / len(wanted)
print(f"{share:.0%} of the {len(wanted)} start-up functions and variables are in {cella}")
if share < 0.9:
    sys.exit("src/cli/startup.order is stale: run tools/startup-order")

found = [code[name] for name in wanted if name in code]

# Start-up touches each 64 KiB window of code that holds one of these functions (the
# kernel maps a faulting page's whole window when the file is cached).
window = 65536
total = sum(size for _, size in found)
windows = {w for address, size in found for w in range(address // window, (address + max(size, 1) - 1) // window + 1)}
least = -(-total // window)
print(f"they take {total} bytes: {len(windows)} windows of 64 KiB hold them, {least} could")
# Functions sharing a section with an ordered one (library objects without per-function
# sections) come along, and alignment pads: allow half as many again, plus 4.
if len(windows) > least + least // 2 + 4:
    sys.exit("the start-up functions are not laid out together (was the executable linked "
             "with --symbol-ordering-file?)")
