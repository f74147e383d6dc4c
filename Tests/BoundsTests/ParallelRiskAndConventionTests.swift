import Bounds
import Model
import Rational
import TestSupport
import Testing
import Verification

/// γ_conv² and the exact inner maxima run side by side on two or more workers (and the samples'
/// maxima on the workers too): the JSON must be the one a single worker writes, including when
/// the cell-LP cap stops γ_conv² (`conventionLPs` small) and on the bundled examples.
@Suite struct ParallelRiskAndConventionTests {
  @Test func verifyWithRisksAndConventionsDoesNotDependOnWorkers() {
    let seed: UInt64 = 0x13_0003
    forEachSeededCase(count: 8, seed: seed) { rng, caseSeed in
      let policy = ParallelEnumerationTests.policy(&rng)
      let problem = RandomInstances.problem(inputs: policy.inputDimension, outputs: 2, using: &rng)
      for lps in [Int.max, 3] {
        func json(_ jobs: Int) -> String {
          PolicyVerification(policy: policy, problem: problem, gamma: Rational(3, 2), globalMode: .exact, riskMode: .exact,
                             jobs: jobs, conventions: true, conventionLPs: lps).jsonText
        }
        let one = json(1)
        #expect(one.contains("\"robust_exact\""), "seed \(caseSeed)")
        for jobs in [2, 3] { #expect(json(jobs) == one, "seed \(caseSeed), conv LPs \(lps), jobs \(jobs)") }
      }
    }
  }

  /// The per-sample parallel inner maxima equal the sequential ones, budget stops included.
  @Test func innerMaximaDoNotDependOnWorkers() {
    let seed: UInt64 = 0x13_0004
    forEachSeededCase(count: 8, seed: seed) { rng, caseSeed in
      let policy = ParallelEnumerationTests.policy(&rng)
      let problem = RandomInstances.problem(inputs: policy.inputDimension, outputs: 2, using: &rng)
      for budget in [InnerMaximumBudget.standard, InnerMaximumBudget(pieces: 3, vertices: 8)] {
        let one = policy.exactInnerMaxima(on: problem, budget: budget, jobs: 1)
        let two = policy.exactInnerMaxima(on: problem, budget: budget, jobs: 2)
        #expect(one == two, "seed \(caseSeed), budget \(budget.description)")
        if budget == .standard { #expect(one != nil, "seed \(caseSeed): small policies stay within the standard budget") }
      }
    }
  }
}
