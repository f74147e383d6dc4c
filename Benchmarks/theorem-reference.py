#!/usr/bin/env python3
"""An independent exact reference for one theorem file's per-instance computation.

For each instance (an aajr-policy/1 policy, an aajr-problem/1 problem and the instance's gamma
factor, as `aajr-bench theorem-python` writes them) it computes, in exact rationals
(fractions.Fraction, no floating point):

- gamma_adv_sq: the PGA trajectory of every sample (delta_0 = 0, delta_{t+1} = clip(delta_t + eta*grad),
  grad = J^T (Q(z - y) + b) with autograd's kink conventions) and the largest directional gain
  |J grad|^2 / |grad|^2 over steps t < K (a zero gradient is stationary: no gain);
- the full-dimensional linear regions of the policy in the box X, by brute force: every
  combination of activation pieces, layer by layer; a combination's closed polytope is found by
  vertex enumeration (every d-subset of its constraints solved exactly) and it is full-dimensional
  iff the mean of its vertices satisfies every constraint strictly (a polytope of lower dimension
  has an inequality tight at all its points);
- gamma_G^2 = max over those regions of lambda_max(J^T J) (exact: the instances used have rational
  eigenvalues; anything else is reported as a failure, never approximated);
- regions (distinct derivative patterns), gamma_sq = factor * gamma_G^2, in_global
  (lambda_max <= gamma_sq on every region) and in_aajr (gamma_adv_sq <= gamma_sq, true when null).

It shares no code with aajr. Usage: theorem-reference.py INSTANCES.json [--repeat R]
Prints one line: `python instances=N seconds_per_instance=S agree=N/N (trajectories T s, regions R s per
instance)`; exit 1 on a disagreement.
"""
import itertools
import json
import sys
import time
from fractions import Fraction as F


def q(text):
    return F(text)


def activation(layer):
    kind = layer["activation"]
    slope = q(layer.get("slope", "0"))
    if kind == "identity":
        pieces = [(None, None, F(1), F(0))]  # (lower kink, upper kink, slope, offset)
        kinks = []
    elif kind == "relu":
        pieces = [(None, F(0), F(0), F(0)), (F(0), None, F(1), F(0))]
        kinks = [F(0)]
    elif kind == "leaky_relu":
        pieces = [(None, F(0), slope, F(0)), (F(0), None, F(1), F(0))]
        kinks = [F(0)]
    elif kind == "abs":
        pieces = [(None, F(0), F(-1), F(0)), (F(0), None, F(1), F(0))]
        kinks = [F(0)]
    elif kind == "hardtanh":
        pieces = [(None, F(-1), F(0), F(-1)), (F(-1), F(1), F(1), F(0)), (F(1), None, F(0), F(1))]
        kinks = [F(-1), F(1)]
    else:
        raise ValueError("unknown activation " + kind)
    return kind, slope, pieces, kinks


def value_and_derivative(kind, slope, z):
    """sigma(z) and sigma'(z) with autograd's conventions at kinks."""
    if kind == "identity":
        return z, F(1)
    if kind == "relu":
        return (z, F(1)) if z > 0 else (F(0), F(0))
    if kind == "leaky_relu":
        return (z, F(1)) if z > 0 else (slope * z, slope)
    if kind == "abs":
        return (z, F(1)) if z > 0 else ((-z, F(-1)) if z < 0 else (F(0), F(0)))
    if kind == "hardtanh":
        if z <= -1:
            return F(-1), F(0)
        if z >= 1:
            return F(1), F(0)
        return z, F(1)
    raise ValueError(kind)


def forward_and_jacobian(layers, x):
    """pi(x) and the convention Jacobian J(x) (rows: outputs)."""
    d = len(x)
    h = list(x)
    J = [[F(int(i == j)) for j in range(d)] for i in range(d)]
    for layer in layers:
        W, b, (kind, slope, _, _) = layer["W"], layer["b"], layer["act"]
        z = [sum((w * v for w, v in zip(row, h)), F(0)) + bi for row, bi in zip(W, b)]
        WJ = [[sum((row[k] * J[k][j] for k in range(len(h))), F(0)) for j in range(d)] for row in W]
        h, J = [], []
        for zi, row in zip(z, WJ):
            v, s = value_and_derivative(kind, slope, zi)
            h.append(v)
            J.append([s * r for r in row])
    return h, J


def gamma_adv_sq(layers, problem):
    lower, upper = problem["lower"], problem["upper"]
    Q, bvec = problem["Q"], problem["b"]
    eps, eta, K = problem["radius"], problem["step"], problem["steps"]
    best = None
    for s, y in problem["samples"]:
        lo = [max(-eps, l - si) for l, si in zip(lower, s)]
        hi = [min(eps, u - si) for u, si in zip(upper, s)]
        delta = [F(0)] * len(s)
        for _ in range(K):
            x = [si + di for si, di in zip(s, delta)]
            z, J = forward_and_jacobian(layers, x)
            r = [zi - yi for zi, yi in zip(z, y)]
            gl = [sum((Q[i][j] * r[j] for j in range(len(r))), F(0)) + bvec[i] for i in range(len(r))]
            g = [sum((J[i][j] * gl[i] for i in range(len(gl))), F(0)) for j in range(len(x))]
            gg = sum((v * v for v in g), F(0))
            if gg == 0:
                continue  # stationary: delta stays, no gain
            Jg = [sum((row[j] * g[j] for j in range(len(g))), F(0)) for row in J]
            gain = sum((v * v for v in Jg), F(0)) / gg
            best = gain if best is None or gain > best else best
            delta = [min(max(di + eta * gi, l), u) for di, gi, l, u in zip(delta, g, lo, hi)]
    return best


def solve(A, c):
    """The solution of the square system A x = c, or None when A is singular."""
    n = len(A)
    M = [list(A[i]) + [c[i]] for i in range(n)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if M[r][col] != 0), None)
        if pivot is None:
            return None
        M[col], M[pivot] = M[pivot], M[col]
        for r in range(n):
            if r != col and M[r][col] != 0:
                f = M[r][col] / M[col][col]
                M[r] = [a - f * b for a, b in zip(M[r], M[col])]
    return [M[i][n] / M[i][i] for i in range(n)]


def full_dimensional(constraints, d):
    """Whether {x : a.x <= c for every (a, c)} has interior (bounded: the box is among them)."""
    vertices = set()
    for subset in itertools.combinations(constraints, d):
        x = solve([a for a, _ in subset], [c for _, c in subset])
        if x is None:
            continue
        if all(sum((ai * xi for ai, xi in zip(a, x)), F(0)) <= c for a, c in constraints):
            vertices.add(tuple(x))
    if not vertices:
        return False
    centre = [sum(v[j] for v in vertices) / len(vertices) for j in range(d)]
    return all(sum((ai * xi for ai, xi in zip(a, centre)), F(0)) < c for a, c in constraints)


def lambda_max(J):
    """Exact largest eigenvalue of J^T J, via the m x m Gram matrix J J^T (m <= 2)."""
    G = [[sum((a * b for a, b in zip(r1, r2)), F(0)) for r2 in J] for r1 in J]
    if len(G) == 1:
        return G[0][0]
    if len(G) != 2:
        raise ValueError("more than two outputs")
    tr, det = G[0][0] + G[1][1], G[0][0] * G[1][1] - G[0][1] * G[1][0]
    disc = tr * tr - 4 * det
    root = exact_sqrt(disc)
    if root is None:
        raise ValueError("irrational eigenvalue")
    return (tr + root) / 2


def exact_sqrt(x):
    if x < 0:
        return None
    n, d = x.numerator, x.denominator
    rn, rd = isqrt(n), isqrt(d)
    return F(rn, rd) if rn * rn == n and rd * rd == d else None


def isqrt(n):
    import math
    return math.isqrt(n)


def regions(layers, lower, upper):
    """Derivative pattern -> Jacobian of every full-dimensional region in the box."""
    d = len(lower)
    box = []
    for j in range(d):
        e = [F(int(k == j)) for k in range(d)]
        box.append((e, upper[j]))
        box.append(([-v for v in e], -lower[j]))
    found = {}

    def walk(l, M, c, constraints, pattern):
        # (M, c): the current layer input as an affine map of x on this piece combination.
        if l == len(layers):
            if full_dimensional(constraints, d):
                found.setdefault(tuple(pattern), M)
            return
        W, b, (kind, slope, pieces, _) = layers[l]["W"], layers[l]["b"], layers[l]["act"]
        Z = [[sum((row[k] * M[k][j] for k in range(len(M))), F(0)) for j in range(d)] for row in W]
        zc = [sum((row[k] * c[k] for k in range(len(c))), F(0)) + bi for row, bi in zip(W, b)]

        def neuron(i, outM, outC, cons, pat):
            if i == len(Z):
                walk(l + 1, outM, outC, cons, pat)
                return
            for lo_k, hi_k, s, o in pieces:
                extra = []
                if lo_k is not None:  # z > lo_k  <=>  -Z x <= zc - lo_k (closed)
                    extra.append(([-v for v in Z[i]], zc[i] - lo_k))
                if hi_k is not None:  # z < hi_k  <=>  Z x <= hi_k - zc
                    extra.append((Z[i], hi_k - zc[i]))
                neuron(i + 1, outM + [[s * v for v in Z[i]]], outC + [s * zc[i] + o], cons + extra, pat + [s])

        neuron(0, [], [], constraints, pattern)

    walk(0, [[F(int(i == j)) for j in range(d)] for i in range(d)], [F(0)] * d, box, [])
    return found


SPLIT = {"trajectories": 0.0, "regions": 0.0}


def evaluate(inst):
    layers = [{"W": [[q(v) for v in row] for row in L["weights"]], "b": [q(v) for v in L["bias"]], "act": activation(L)}
              for L in inst["policy"]["layers"]]
    P = inst["problem"]
    loss = P["loss"]
    m = len(layers[-1]["b"])
    if loss["kind"] == "squared_error":
        Q, bvec = [[F(int(i == j)) for j in range(m)] for i in range(m)], [F(0)] * m
    else:
        Q, bvec = [[q(v) for v in row] for row in loss["Q"]], [q(v) for v in loss["b"]]
    problem = {
        "lower": [q(v) for v in P["domain"]["lower"]], "upper": [q(v) for v in P["domain"]["upper"]],
        "Q": Q, "b": bvec, "radius": q(P["attack"]["radius"]), "step": q(P["attack"]["step_size"]),
        "steps": int(P["attack"]["steps"]),
        "samples": [([q(v) for v in s["state"]], [q(v) for v in s["target"]]) for s in P["data"]],
    }
    t0 = time.perf_counter()
    adv = gamma_adv_sq(layers, problem)
    t1 = time.perf_counter()
    regs = regions(layers, problem["lower"], problem["upper"])
    SPLIT["trajectories"] += t1 - t0
    SPLIT["regions"] += time.perf_counter() - t1
    gains = [lambda_max(J) for J in regs.values()]
    gG = max(gains)
    g2 = q(inst["gamma_factor"]) * gG
    return {
        "gamma_adv_sq": adv, "gamma_sq_lower": gG, "gamma_sq_upper": gG, "regions": F(len(regs)),
        "in_global": all(g <= g2 for g in gains), "in_aajr": True if adv is None else adv <= g2,
    }


def same(mine, theirs):
    if isinstance(mine, bool) or theirs is None or mine is None:
        return mine == theirs
    return mine == F(theirs)


def main(argv):
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
    data = json.load(open(argv[1]))
    instances = data["instances"]
    best = float("inf")
    results = []
    split = {}
    for _ in range(repeat):
        SPLIT.update(trajectories=0.0, regions=0.0)
        start = time.perf_counter()
        results = [evaluate(inst) for inst in instances]
        took = time.perf_counter() - start
        if took < best:
            best, split = took, dict(SPLIT)
    agree = 0
    for inst, mine in zip(instances, results):
        theirs = inst["swift"]
        bad = [k for k in mine if not same(mine[k], theirs.get(k))]
        if bad:
            print("instance %d disagrees on %s: python %s, aajr %s" % (
                inst["index"], ", ".join(bad), [str(mine[k]) for k in bad], [theirs.get(k) for k in bad]), file=sys.stderr)
        else:
            agree += 1
    n = len(instances)
    print("python instances=%d seconds_per_instance=%.6g agree=%d/%d (trajectories %.6g s, regions %.6g s per instance)" % (
        n, best / n, agree, n, split["trajectories"] / n, split["regions"] / n))
    return 0 if agree == n else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
