"""Analytics that no single log line shows: small pure functions (maths in each docstring) plus their SQL feeds."""
