import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

// Training: the floating-point side of aajr (issue 5).
//
// Minimax training of a piecewise-linear policy in `Double`, whose checkpoints are exported
// as the exact rationals the doubles are, so `aajr verify` checks the very network trained.
// Depends on Bounds (the exact policy and problem model); Bounds never depends on it.
//
// Choices (where SPEC is silent):
// - Objective per mini-batch: `E_s 𝓛(π(s+δ_K)) + λ R(θ)`; δ_K from K unrolled PGA steps of
//   SPEC section 2 run in Double (box clipping, a zero gradient is stationary), held constant
//   for the outer gradient (Danskin). `TrainingObjective`.
// - R: `none`; `global` = spectral-norm penalty Σ_l (σ_max(W_l) − γ^(1/L))₊², σ by power
//   iteration warm-started each step (3 iterations), gradient 2(σ−c)₊ u vᵀ; `aajr` =
//   E_s Σ_t (||J(s+δ_t) u_t||₂ − γ)₊² with δ_t, u_t and the activation pattern held fixed;
//   `jacobian` = the same points and hinge along seeded random unit directions scaled by √d (a
//   random-projection estimate of ||J||_F). `Regularizer`. Constrained mode: `lambdaGrowth`
//   multiplies λ after every epoch with a positive mean penalty.
// - Sweeps (`Sweep`, `aajr-sweep/1`): the product of tasks × regularizers × seeds × λ × γ × ε × K.
// - Gradients are hand-written reverse mode (`PolicyGradient`): through the network, and
//   through the JVP `J u = D_L W_L ⋯ D_1 W_1 u`. Tests compare them with exact rational
//   derivatives (central differences of quadratics are exact) and with float finite differences.
// - Outer optimiser: Adam, learning rate 0.01, β1 = 0.9, β2 = 0.999, ε = 1e-8, mini-batches
//   of 32 shuffled by a seeded Fisher–Yates; PyTorch's default `nn.Linear` initialisation.
// - Randomness: `SplitMix64` streams derived from the seed (task data, initial weights,
//   shuffling), so the three regularizers share data and initial weights at a seed, and a
//   run is bit-for-bit a function of its configuration.
// - Tasks (`TrainingTask`): `teacher` (default) and `game` (state dimension 2), `team` (state
//   dimension 4, three agents), `embedding` (state dimension 6: projected sentence embeddings of
//   texts, read from the committed `experiments/embeddings/embedding-data.json`), 256 training
//   and 32 held-out samples, attack ε = 1/8, η = 1/4, K = 5; all data dyadic.
