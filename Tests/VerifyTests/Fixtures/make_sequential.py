"""Writes sequential.safetensors and sequential.expected.json (run once; both are committed).

The tensors are those of a PyTorch nn.Sequential(Linear(2, 4), ReLU(), Linear(4, 3), ReLU(),
Linear(3, 1)) state dict: 0.weight [4, 2], 0.bias [4], 2.weight [3, 4], 2.bias [3],
4.weight [1, 3], 4.bias [1]. Layers 0 and 2 are float32, layer 4 float64 (mixed on purpose).
Values are seeded normal draws, so they are not short dyadics. The expected file lists every
entry as Python's float.hex() text, an exact spelling independent of the safetensors reader.

    pip install safetensors numpy && python3 make_sequential.py
"""
import json

import numpy as np
from safetensors.numpy import save_file

rng = np.random.default_rng(20260305)
shapes = [("0", 4, 2, np.float32), ("2", 3, 4, np.float32), ("4", 1, 3, np.float64)]
tensors = {}
for prefix, out, inp, dtype in shapes:
    tensors[f"{prefix}.weight"] = rng.standard_normal((out, inp)).astype(dtype)
    tensors[f"{prefix}.bias"] = rng.standard_normal(out).astype(dtype)

save_file(tensors, "sequential.safetensors", metadata={"format": "pt"})
expected = {
    name: {
        "dtype": "F32" if t.dtype == np.float32 else "F64",
        "shape": list(t.shape),
        "hex": [float(v).hex() for v in t.reshape(-1)],
    }
    for name, t in sorted(tensors.items())
}
with open("sequential.expected.json", "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
