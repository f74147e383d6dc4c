#!/usr/bin/env python3
"""Writes the seeded benchmark inputs of issue 13 under Benchmarks/inputs/ (exact dyadic
numbers, so every file is reproducible byte for byte):

  wide16   16-64-64-8 ReLU, 32 samples, K = 50 PGA steps (verify --global off)
  r3x32    3-32-32-2 ReLU, exact regions on [-1, 1]^3
  r4x16    4-16-16-2 ReLU, exact regions on [-1, 1]^4
  r3x64    3-64-64-2 ReLU, exact regions on [-1, 1]^3

Usage: python3 Benchmarks/inputs/make-inputs.py   (from the repository root)
"""
import json
import os
import random


def dyadic(rng, scale_bits, magnitude):
    """A random k / 2^scale_bits with |k| <= magnitude, as exact text."""
    k = rng.randint(-magnitude, magnitude)
    if k == 0:
        return "0"
    num, den = k, 1 << scale_bits
    while num % 2 == 0 and den > 1:
        num //= 2
        den //= 2
    return str(num) if den == 1 else f"{num}/{den}"


def policy(rng, sizes):
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        # Weights about 1/sqrt(fan_in) in size: k / 2^14 with |k| <= 2^14 * 1.5 / sqrt(fan_in).
        magnitude = int((1 << 14) * 1.5 / fan_in ** 0.5)
        last = fan_out == sizes[-1] and len(layers) == len(sizes) - 2
        layers.append({
            "weights": [[dyadic(rng, 14, magnitude) for _ in range(fan_in)] for _ in range(fan_out)],
            "bias": [dyadic(rng, 10, 256) for _ in range(fan_out)],
            "activation": "identity" if last else "relu",
        })
    return {"format": "aajr-policy/1", "input_dim": sizes[0], "layers": layers}


def problem(rng, d, out, samples, steps):
    diag = ["1", "-1", "1/2", "-1/2"]
    q = [["0"] * out for _ in range(out)]
    for i in range(out):
        q[i][i] = diag[i % 4]
    return {
        "format": "aajr-problem/1",
        "domain": {"lower": ["-1"] * d, "upper": ["1"] * d},
        "loss": {"kind": "quadratic", "Q": q, "b": ["0"] * out},
        "data": [{"state": [dyadic(rng, 10, 900) for _ in range(d)],
                  "target": [dyadic(rng, 10, 1000) for _ in range(out)]} for _ in range(samples)],
        "attack": {"radius": "1/8", "step_size": "1/64", "steps": steps},
    }


def write(name, sizes, samples, steps, seed):
    rng = random.Random(seed)
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    os.makedirs(folder, exist_ok=True)
    for file, value in (("policy.json", policy(rng, sizes)),
                        ("problem.json", problem(rng, sizes[0], sizes[-1], samples, steps))):
        with open(os.path.join(folder, file), "w") as f:
            json.dump(value, f, indent=1)
            f.write("\n")


write("wide16", [16, 64, 64, 8], 32, 50, 1613)
write("r3x32", [3, 32, 32, 2], 2, 2, 332)
write("r4x16", [4, 16, 16, 2], 2, 2, 416)
write("r3x64", [3, 64, 64, 2], 2, 2, 364)
