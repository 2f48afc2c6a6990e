#!/usr/bin/env python3
# Streamlearn: online machine learning as Apache Flink operators.
# Copyright (C) 2026 the Streamlearn authors. GPL-3.0-or-later, see LICENSE.
"""Writes the test models of gpu-udf and the outputs PyTorch computes on fixed rows.

The files are committed (CI has no torch); run this only to change them, then commit them:

    sudo apt-get install -y python3-torch python3-onnx   # Debian bookworm: torch 1.13, onnx 1.12
    /usr/bin/python3 gpu-udf/src/test/python/make_models.py   # writes gpu-udf/src/test/resources/models/

Written, each model as TorchScript (<name>.pt) and ONNX (<name>.onnx, opset 17, dynamic batch axis):
  mlp     8 -> 32 -> 3, ReLU, 387 parameters: the oracle and validation tests.
  mlp-1m  64 -> 1024 -> 1024 -> 16, ReLU, 1,132,560 parameters: the memory test and the benchmark.
and oracle.json: fixed input rows (single rows and a batch of 5) with the float32 outputs of the
eager PyTorch model, written with full precision (each value is exactly a float32).
"""

import json
import os
import sys

import onnx
import torch

SEED = 20261205
OPSET = 17


def mlp(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers).eval()


def export(model, name, width, out_dir):
    torch.jit.script(model).save(os.path.join(out_dir, name + ".pt"))
    onnx_path = os.path.join(out_dir, name + ".onnx")
    torch.onnx.export(
        model,
        torch.zeros(1, width),
        onnx_path,
        input_names=["input"],
        output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
        opset_version=OPSET,
    )
    onnx.checker.check_model(onnx.load(onnx_path))


def cases(model, width, generator):
    rows = [torch.randn(1, width, generator=generator) * 2 for _ in range(3)]
    rows.append(torch.zeros(1, width))
    rows.append(torch.randn(5, width, generator=generator) * 2)
    names = ["single-0", "single-1", "single-2", "zeros", "batch-5"]
    out = []
    with torch.no_grad():
        for name, x in zip(names, rows):
            y = model(x)
            out.append({"name": name, "rows": x.tolist(), "outputs": y.tolist()})
    return out


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED + 1)
    oracle = {"torch": torch.__version__, "onnx": onnx.__version__, "seed": SEED, "models": {}}
    for name, widths in (("mlp", [8, 32, 3]), ("mlp-1m", [64, 1024, 1024, 16])):
        model = mlp(widths)
        export(model, name, widths[0], out_dir)
        oracle["models"][name] = {
            "inputWidth": widths[0],
            "outputWidth": widths[-1],
            "parameters": sum(p.numel() for p in model.parameters()),
            "cases": cases(model, widths[0], generator),
        }
    with open(os.path.join(out_dir, "oracle.json"), "w") as f:
        json.dump(oracle, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":
        # TorchScript writes class constants in set order: a fixed hash seed makes the files
        # byte-identical from run to run, so regenerating changes nothing unless the models change
        os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "resources", "models")
    main(os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else default))
