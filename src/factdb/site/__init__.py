"""The Datasette side: metadata generated from the models (`metadata`), `factdb serve`
(`serve`) and `factdb publish` (`publish`)."""
