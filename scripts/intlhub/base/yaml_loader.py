"""The safe YAML loaders: fast where PyYAML was built with libyaml, and one that keeps dates as text."""

from __future__ import annotations

import yaml

# libyaml's parser when PyYAML was built with it: the same documents, about five times faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DocumentLoader(SafeLoader):
    """A safe YAML loader that keeps dates as strings, as JSON Schema expects them."""


DocumentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
