"""The committee appendix layout (one row per indicator, months as columns) read into the contract's rows."""
