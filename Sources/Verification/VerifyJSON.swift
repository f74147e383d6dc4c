import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

extension PolicyVerification {
  /// The `aajr-verify/1` JSON object (SPEC section 4), deterministic.
  public var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: "aajr-verify/1")
      w.member("gamma_adv_sq", rational: samplesCut ? nil : attack.gammaAdvSquared)
      w.member("L_traj", raw: samplesCut ? "null" : attack.trajectorySmoothness.map { JSONWriter.quoted($0.description) } ?? "null")
      w.member("L_traj_approx", raw: samplesCut ? "null" : JSONWriter.approximation(attack.trajectorySmoothness?.finiteValue))
      w.member("global") {
        w.object {
          w.member("mode", string: globalMode.rawValue)
          w.member("gamma_sq_lower", rational: global?.interval.lower)
          w.member("gamma_sq_upper", rational: global?.interval.upper)
          w.member("exact", bool: global?.isExact)
          w.member("regions", raw: global.flatMap { $0.isExact || $0.stopReason != nil ? String($0.regionCount) : nil } ?? "null")
          if let c = convention {
            // γ_conv²: the largest λ_max(JᵀJ) over every derivative pattern the kink conventions
            // (autograd's) produce at points of the closed X, lower-dimensional cells included.
            w.member("gamma_conv_sq_lower", rational: c.interval.lower)
            w.member("gamma_conv_sq_upper", rational: c.interval.upper)
            w.member("conv_patterns", raw: String(c.patterns.count))
            w.member("conv_patterns_on_kinks_only", raw: String(c.lowerDimensionalPatterns))
          } else if let cap = conventionStoppedAt {
            w.member("gamma_conv_sq_lower", raw: "null")
            w.member("gamma_conv_sq_upper", raw: "null")
            w.member("conv_stopped", string: "the enumeration of lower-dimensional cells needed more than \(cap) cell LPs (--conv-lps raises the cap)")
          } else if let why = conventionSkipped {
            w.member("gamma_conv_sq_lower", raw: "null")
            w.member("gamma_conv_sq_upper", raw: "null")
            w.member("conv_stopped", string: why)
          }
        }
      }
      w.member("samples") {
        // Each sample's steps are written on their own thread (rational and decimal texts
        // of every iterate are most of the document); the text is the same for every `jobs`.
        w.array(attack.trajectories, jobs: jobs) { traj, w in
          w.object {
            w.member("index", raw: String(traj.index))
            w.member("monotone", bool: traj.isMonotone)
            w.member("steps") {
              w.array(traj.steps) { step in
                w.object {
                  w.member("t", raw: String(step.t))
                  w.member("delta") { w.rationalArray(step.delta) }
                  w.member("delta_approx", raw: "[" + step.delta.map { JSONWriter.approximation($0) }.joined(separator: ", ") + "]")
                  w.member("objective", rational: step.objective)
                  w.member("gain_sq", rational: step.gainSquared)
                  w.member("beta", raw: step.smoothness.map { JSONWriter.quoted($0.description) } ?? "null")
                  w.member("beta_approx", raw: step.smoothness.map { JSONWriter.approximation($0.finiteValue) } ?? "null")
                  w.member("on_kink", bool: step.onKink)
                  w.member("projection_active", bool: step.projectionActive)
                  w.member("crosses_kink", bool: step.crossesKink)
                }
              }
            }
            writeSampleRisk(w, sample: traj.index)
          }
        }
      }
      w.member("membership") {
        w.object {
          w.member("gamma", rational: gamma)
          w.member("gamma_sq", rational: gammaSquared)
          w.member("global", bool: inGlobalClass)
          w.member("aajr", bool: inAAJRClass)
        }
      }
      w.member("step_size") {
        w.object {
          w.member("eta", rational: stepSize.eta)
          w.member("L_loss") { interval(w, stepSize.lossSmoothness) }
          w.member("ell_minus") { interval(w, stepSize.ascentCurvature) }
          if let e = stepSize.effectiveSmoothness, !samplesCut {
            w.member("L_eff") { interval(w, e) }
          } else {
            w.member("L_eff", raw: "null")
          }
          w.member("C", rational: samplesCut ? nil : stepSize.C)
          w.member("certified", bool: samplesCut ? nil : stepSize.isCertified)
        }
      }
      writeRisks(w)
      if let budget {
        w.member("budget") {
          w.object {
            w.member("time_limit", raw: budget.timeLimitText.map { JSONWriter.quoted($0) } ?? "null")
            w.member("max_regions", raw: budget.maxRegions.map { String($0) } ?? "null")
            w.member("reached", bool: budgetReached)
            w.member("samples_analysed", raw: String(attack.trajectories.count))
            w.member("gamma_adv_sq_lower", rational: samplesCut ? attack.gammaAdvSquared : nil)
            w.member("cut") { w.array(budgetCuts) { w.element(raw: JSONWriter.quoted($0)) } }
          }
        }
      }
    }
    return w.text + "\n"
  }
}

private func interval(_ w: JSONWriter, _ i: RationalInterval) {
  w.object {
    w.member("lower", rational: i.lower)
    w.member("upper", rational: i.upper)
  }
}
