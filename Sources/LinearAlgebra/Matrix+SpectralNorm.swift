import Rational

/// The squared spectral norm `‖A‖₂² = λ_max(AᵀA)` of a rational matrix.
///
/// `AᵀA` (`columns × columns`) and `AAᵀ` (`rows × rows`) have the same nonzero eigenvalues,
/// so the smaller one is used. `‖A‖₂² ≤ ‖A‖_F²`, with equality iff `rank A ≤ 1`.
extension Matrix {
  /// The Gram matrix of the smaller size: `AᵀA` when `columns ≤ rows`, else `AAᵀ`.
  public func smallerGram() -> Matrix { columns <= rows ? gram() : outerGram() }

  /// A certified enclosure of `‖A‖₂² = λ_max(AᵀA)`, with the guarantees of
  /// `largestEigenvalue(relativeWidth:)`; exact for the zero matrix, empty matrices and
  /// whenever `rank A ≤ 1` (then it is `‖A‖_F²`). Precondition: `relativeWidth > 0`.
  public func spectralNormSquared(relativeWidth: Rational) -> RationalInterval {
    precondition(relativeWidth.signum > 0, "Matrix.spectralNormSquared: relativeWidth must be positive")
    if rows == 0 || columns == 0 || isZero { return RationalInterval(exactly: .zero) }
    let g = smallerGram()
    if g.rows == 1 || g.rank <= 1 { return RationalInterval(exactly: squaredFrobeniusNorm) }
    return g.largestEigenvalue(relativeWidth: relativeWidth)
  }

  /// Whether `‖A‖₂² = λ_max(AᵀA) ≤ g`, decided exactly by `gI − G ⪰ 0` on the smaller Gram
  /// matrix `G`. Complexity: one Gram product and one `LDLᵀ` of size `min(rows, columns)`.
  public func spectralNormSquaredIsAtMost(_ g: Rational) -> Bool {
    if rows == 0 || columns == 0 { return g.signum >= 0 }
    return smallerGram().largestEigenvalueIsAtMost(g)
  }
}
