import Bounds
import Rational

extension PolicyVerification {
  /// The `aajr-verify/1` JSON object (SPEC section 4), deterministic.
  public var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: "aajr-verify/1")
      w.member("gamma_adv_sq", rational: samplesCut ? nil : attack.gammaAdvSquared)
      w.member("L_traj", raw: samplesCut ? "null" : attack.trajectorySmoothness.map { JSONWriter.quoted($0.description) } ?? "null")
      w.member("global") {
        w.object {
          w.member("mode", string: globalMode.rawValue)
          w.member("gamma_sq_lower", rational: global?.interval.lower)
          w.member("gamma_sq_upper", rational: global?.interval.upper)
          w.member("exact", bool: global?.isExact)
          w.member("regions", raw: global.flatMap { $0.isExact || $0.stopReason != nil ? String($0.regions.count) : nil } ?? "null")
        }
      }
      w.member("samples") {
        w.array(attack.trajectories) { traj in
          w.object {
            w.member("index", raw: String(traj.index))
            w.member("monotone", bool: traj.isMonotone)
            w.member("steps") {
              w.array(traj.steps) { step in
                w.object {
                  w.member("t", raw: String(step.t))
                  w.member("delta") { w.rationalArray(step.delta) }
                  w.member("objective", rational: step.objective)
                  w.member("gain_sq", rational: step.gainSquared)
                  w.member("beta", raw: step.smoothness.map { JSONWriter.quoted($0.description) } ?? "null")
                  w.member("on_kink", bool: step.onKink)
                  w.member("projection_active", bool: step.projectionActive)
                  w.member("crosses_kink", bool: step.crossesKink)
                }
              }
            }
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
