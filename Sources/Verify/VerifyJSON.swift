import Bounds
import Rational

extension PolicyVerification {
  /// The `aajr-verify/1` JSON object (SPEC section 4), deterministic.
  public var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: "aajr-verify/1")
      w.member("gamma_adv_sq", rational: attack.gammaAdvSquared)
      w.member("L_traj", raw: attack.trajectorySmoothness.map { JSONWriter.quoted($0.description) } ?? "null")
      w.member("global") {
        w.object {
          w.member("mode", string: globalMode.rawValue)
          w.member("gamma_sq_lower", rational: global?.interval.lower)
          w.member("gamma_sq_upper", rational: global?.interval.upper)
          w.member("exact", bool: global?.isExact)
          w.member("regions", raw: global.flatMap { $0.isExact ? String($0.regions.count) : nil } ?? "null")
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
          if let e = stepSize.effectiveSmoothness {
            w.member("L_eff") { interval(w, e) }
          } else {
            w.member("L_eff", raw: "null")
          }
          w.member("C", rational: stepSize.C)
          w.member("certified", bool: stepSize.isCertified)
        }
      }
      writeRisks(w)
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
