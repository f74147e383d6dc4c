import Bounds
import CrossCheck
import Experiments
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Theorems
import Training
import Verification

/// Small deterministic SVG plots for the Markdown reports (fixed size, fixed number
/// formatting, no timestamps), embedded inline so a report is one file.
package enum SVGPlot {
  package struct Series {
    package var label: String
    package var points: [(x: Double, y: Double)]
    package var color: String
    package var connected: Bool
    package init(label: String, points: [(x: Double, y: Double)], color: String, connected: Bool) {
      self.label = label
      self.points = points
      self.color = color
      self.connected = connected
    }
  }

  static func f(_ x: Double) -> String { String(format: "%.1f", x) }
  static func tick(_ x: Double) -> String {
    let a = Swift.abs(x)
    if a != 0 && (a < 1e-3 || a >= 1e5) { return String(format: "%.1e", x) }
    return String(format: "%.3g", x)
  }

  /// A plot of the series on shared axes; `diagonal` draws the line y = x; `logScale`
  /// plots both axes as log10 (non-positive values are dropped).
  package static func plot(_ series: [Series], xLabel: String, yLabel: String, title: String,
                          diagonal: Bool = false, logScale: Bool = false,
                          width: Double = 480, height: Double = 320) -> String {
    let series = !logScale ? series : series.map { se in
      var t = se
      t.points = se.points.filter { $0.x > 0 && $0.y > 0 }.map { (log10($0.x), log10($0.y)) }
      return t
    }
    func label(_ v: Double) -> String { logScale ? tick(pow(10, v)) : tick(v) }
    let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
    var x0 = all.map(\.x).min() ?? 0, x1 = all.map(\.x).max() ?? 1
    var y0 = all.map(\.y).min() ?? 0, y1 = all.map(\.y).max() ?? 1
    if diagonal { x0 = min(x0, y0); y0 = x0; x1 = max(x1, y1); y1 = x1 }
    if x1 <= x0 { x1 = x0 + 1 }
    if y1 <= y0 { y1 = y0 + 1 }
    let (l, r, t, b) = (60.0, 20.0, 30.0, 45.0)
    func px(_ x: Double) -> Double { l + (x - x0) / (x1 - x0) * (width - l - r) }
    func py(_ y: Double) -> Double { height - b - (y - y0) / (y1 - y0) * (height - t - b) }
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"11\">"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    s += "<text x=\"\(f(width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">\(escape(title))</text>"
    s += "<line x1=\"\(f(l))\" y1=\"\(f(height - b))\" x2=\"\(f(width - r))\" y2=\"\(f(height - b))\" stroke=\"black\"/>"
    s += "<line x1=\"\(f(l))\" y1=\"\(f(t))\" x2=\"\(f(l))\" y2=\"\(f(height - b))\" stroke=\"black\"/>"
    for k in 0...4 {
      let xv = x0 + Double(k) / 4 * (x1 - x0), yv = y0 + Double(k) / 4 * (y1 - y0)
      s += "<text x=\"\(f(px(xv)))\" y=\"\(f(height - b + 14))\" text-anchor=\"middle\">\(label(xv))</text>"
      s += "<text x=\"\(f(l - 4))\" y=\"\(f(py(yv) + 4))\" text-anchor=\"end\">\(label(yv))</text>"
    }
    s += "<text x=\"\(f((l + width - r) / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">\(escape(xLabel))</text>"
    s += "<text transform=\"translate(14 \(f((t + height - b) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>"
    if diagonal {
      s += "<line x1=\"\(f(px(x0)))\" y1=\"\(f(py(x0)))\" x2=\"\(f(px(x1)))\" y2=\"\(f(py(x1)))\" stroke=\"gray\" stroke-dasharray=\"4 3\"/>"
    }
    for (k, se) in series.enumerated() {
      let pts = se.points.filter { $0.x.isFinite && $0.y.isFinite }
      if se.connected && pts.count > 1 {
        let d = pts.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
        s += "<polyline fill=\"none\" stroke=\"\(se.color)\" stroke-width=\"1.5\" points=\"\(d)\"/>"
      }
      for p in pts where !se.connected || pts.count <= 40 {
        s += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"2.5\" fill=\"\(se.color)\"/>"
      }
      s += "<text x=\"\(f(width - r - 4))\" y=\"\(f(t + 14 + Double(k) * 14))\" text-anchor=\"end\" fill=\"\(se.color)\">\(escape(se.label))</text>"
    }
    return s + "</svg>"
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
