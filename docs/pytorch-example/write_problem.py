"""Writes problem.json: the states to attack, their targets, the loss and the attack (exact numbers)."""
import json
from fractions import Fraction as F

states = [(F(1, 2), F(-1, 4)), (F(-1, 2), F(1, 2)), (F(1, 4), F(3, 4)), (F(-3, 4), F(-1, 2))]
data = [{"state": [str(s0), str(s1)],                     # "1/2", "-1/4": exact rationals
         "target": [str((s1 - s0) / 2), str(s0 * s1 / 2)]}  # the same a*(s) the actor was trained on
        for s0, s1 in states]
problem = {
    "format": "aajr-problem/1",
    "domain": {"lower": ["-1", "-1"], "upper": ["1", "1"]},  # X: the states the policy is meant for
    "loss": {"kind": "squared_error"},                        # 1/2 ||pi(s + delta) - y||^2, summed over outputs
    "data": data,
    "attack": {"radius": "1/10", "step_size": "1/4", "steps": 5},  # ||delta||_inf <= 1/10, 5 raw-gradient steps
}
with open("problem.json", "w") as f:
    json.dump(problem, f, indent=2)
