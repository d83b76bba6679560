"""The git side: snapshots of the facts at a revision (`snapshot`) and the fact-level diff
between two of them (`diff`)."""
