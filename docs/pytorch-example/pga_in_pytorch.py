"""Runs aajr's attack (raw-gradient PGA on an l-infinity box, squared error) in PyTorch and
compares the last iterate with `aajr verify --json`'s exact one.

    aajr verify --policy actor.json --problem problem.json --json > verify.json
    python3 pga_in_pytorch.py
"""
import json
from fractions import Fraction

import torch
from safetensors.torch import load_file

problem = json.load(open("problem.json"))
exact = json.load(open("verify.json"))

state = load_file("actor_critic.safetensors")
actor = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8), torch.nn.ReLU(),
                            torch.nn.Linear(8, 2), torch.nn.Hardtanh()).double()
actor.load_state_dict({k[len("actor."):]: v.double() for k, v in state.items() if k.startswith("actor.")})


def number(text):
    return float(Fraction(text))


eps = number(problem["attack"]["radius"])
eta = number(problem["attack"]["step_size"])
K = problem["attack"]["steps"]
lower = torch.tensor([number(v) for v in problem["domain"]["lower"]], dtype=torch.float64)
upper = torch.tensor([number(v) for v in problem["domain"]["upper"]], dtype=torch.float64)

worst = 0.0
for k, sample in enumerate(problem["data"]):
    s = torch.tensor([number(v) for v in sample["state"]], dtype=torch.float64)
    y = torch.tensor([number(v) for v in sample["target"]], dtype=torch.float64)
    lo, hi = torch.clamp(lower - s, min=-eps), torch.clamp(upper - s, max=eps)
    delta = torch.zeros_like(s, requires_grad=True)
    for t in range(K):
        g = 0.5 * ((actor(s + delta) - y) ** 2).sum()          # squared_error: 1/2 ||z - y||^2, summed
        grad, = torch.autograd.grad(g, delta)
        with torch.no_grad():
            delta = torch.maximum(torch.minimum(delta + eta * grad, hi), lo)  # raw gradient, then clip
        delta.requires_grad_(True)
    aajr_last = exact["samples"][k]["steps"][K]["delta_approx"]
    err = max(abs(a - b) for a, b in zip(delta.tolist(), aajr_last))
    worst = max(worst, err)
    print(f"sample {k}: PyTorch delta_K = {[f'{v:.6f}' for v in delta.tolist()]}, "
          f"aajr delta_K = {[f'{v:.6f}' for v in aajr_last]}")
print(f"largest |PyTorch - aajr| over samples and coordinates: {worst:.2e}")
