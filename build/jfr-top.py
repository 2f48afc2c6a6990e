#!/usr/bin/env python3
"""Where a JDK Flight Recorder recording spent its CPU samples.

    STREAMLEARN_JAVA_OPTS="-XX:StartFlightRecording=filename=imp.jfr,settings=profile" \
        ./streamlearn bench driftmoe --stream elec --learners driftmoe-improved
    python3 build/jfr-top.py imp.jfr [METHOD ...]

Prints the share of execution samples whose top frame is each method (the 10 largest), the share
of samples with each METHOD anywhere on the stack (inclusive), and the share whose top frame is in
MOA. Reads `jfr print --events jdk.ExecutionSample` (the JDK's own jfr tool).
"""
import collections
import re
import subprocess
import sys

DEFAULT = [
    "dev.streamlearn.operators.nn.Mlp.forward",
    "dev.streamlearn.operators.nn.Mlp.backward",
    "dev.streamlearn.operators.driftmoe.DriftMoe.routerStep",
    "dev.streamlearn.operators.nn.Adam.step",
    "moa.core.SerializeUtils.copyObject",
]


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: jfr-top.py RECORDING.jfr [METHOD ...]")
    text = subprocess.run(
        ["jfr", "print", "--events", "jdk.ExecutionSample", sys.argv[1]],
        check=True, capture_output=True, text=True).stdout
    top, inclusive, n = collections.Counter(), collections.Counter(), 0
    for sample in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w.$<>]+)\(", sample, re.M)
        if not frames:
            continue
        n += 1
        top[frames[0]] += 1
        inclusive.update(set(frames))
    if n == 0:
        sys.exit("no execution samples in " + sys.argv[1])
    print(f"{n} samples")
    for method, count in top.most_common(10):
        print(f"top       {100 * count / n:5.1f}%  {method}")
    for method in sys.argv[2:] or DEFAULT:
        print(f"inclusive {100 * inclusive[method] / n:5.1f}%  {method}")
    moa = sum(c for m, c in top.items() if m.startswith("moa."))
    print(f"top frame in MOA {100 * moa / n:.1f}%")


if __name__ == "__main__":
    main()
