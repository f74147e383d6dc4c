/// The theorem checker's time budget in tests: effectively none (a million seconds), so that a
/// verdict or an evidence count asserted by a test never depends on how loaded the machine is.
/// The budget's own behaviour is tested with explicit small budgets.
public let unlimitedTestBudget: Double = 1_000_000
