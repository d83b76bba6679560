"""Checking facts across files: the rules (`rules`), numbers stated in words (`numbers`), the
report `factdb validate` prints (`validate`), and the same checks on two processes (`parallel`)."""
