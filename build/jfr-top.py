#!/usr/bin/env python3
"""Where a JDK Flight Recorder recording spent its CPU samples.

    STREAMLEARN_JAVA_OPTS="-XX:FlightRecorderOptions:stackdepth=256 \
        -XX:StartFlightRecording=filename=imp.jfr,settings=profile,jdk.ExecutionSample#period=1ms" \
        ./streamlearn bench driftmoe --stream elec --learners driftmoe-improved
    python3 build/jfr-top.py imp.jfr [METHOD ...]

Prints the share of execution samples whose top frame is each method (the 10 largest), the share
of samples with each METHOD anywhere on the stack (inclusive), the share whose top frame is in
MOA, and the share in Java serialization: samples with an ObjectInputStream (read) or else an
ObjectOutputStream or ObjectStreamClass frame (write) among their top 8 frames. Reads `jfr print
--stack-depth 256 --events jdk.ExecutionSample` (the JDK's own jfr tool), whole stacks: without
--stack-depth, jfr print shows only a stack's top 5 frames, and inclusive shares read from those
(as this script did before 6 December) miss most callers. JFR itself records 64 frames unless
-XX:FlightRecorderOptions:stackdepth raises it (256 above).
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
    "dev.streamlearn.operators.moa.MoaClassifier.votes",
    "dev.streamlearn.operators.moa.MoaClassifier.learnOne",
    "moa.classifiers.trees.HoeffdingTree.newNumericClassObserver",
    "moa.classifiers.trees.HoeffdingTree.newNominalClassObserver",
    "moa.classifiers.trees.HoeffdingTree.attemptToSplit",
    "moa.classifiers.trees.HoeffdingTree$SplitNode.filterInstanceToLeaf",
    "moa.classifiers.bayes.NaiveBayes.doNaiveBayesPrediction",
    "moa.classifiers.core.driftdetection.ADWIN.setInput",
]


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: jfr-top.py RECORDING.jfr [METHOD ...]")
    text = subprocess.run(
        ["jfr", "print", "--stack-depth", "256", "--events", "jdk.ExecutionSample", sys.argv[1]],
        check=True, capture_output=True, text=True).stdout
    top, inclusive, n = collections.Counter(), collections.Counter(), 0
    serialization = collections.Counter()
    for sample in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w.$<>]+)\(", sample, re.M)
        if not frames:
            continue
        n += 1
        top[frames[0]] += 1
        inclusive.update(set(frames))
        near = frames[:8]
        if any(f.startswith("java.io.ObjectInput") for f in near):
            serialization["read"] += 1
        elif any(f.startswith(("java.io.ObjectOutput", "java.io.ObjectStreamClass")) for f in near):
            serialization["write"] += 1
    if n == 0:
        sys.exit("no execution samples in " + sys.argv[1])
    print(f"{n} samples")
    for method, count in top.most_common(10):
        print(f"top       {100 * count / n:5.1f}%  {method}")
    for method in sys.argv[2:] or DEFAULT:
        print(f"inclusive {100 * inclusive[method] / n:5.1f}%  {method}")
    moa = sum(c for m, c in top.items() if m.startswith("moa."))
    print(f"top frame in MOA {100 * moa / n:.1f}%")
    print(f"Java serialization: read {100 * serialization['read'] / n:.1f}%,"
          f" write {100 * serialization['write'] / n:.1f}%")


if __name__ == "__main__":
    main()
