"""Reading a fact repository: finding its files (`project`), parsing YAML safely with positions
(`yamlfile`, with the fast path for common files in `fastyaml`), and its git state (`gitrev`).
Nothing here judges a fact beyond its own file's model; that is `factdb.check`."""
