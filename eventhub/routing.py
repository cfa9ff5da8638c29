"""URL rules whose builders are compiled when first used.

Werkzeug compiles two URL builders for every rule as the rule is added (Python source
generated through ``ast`` and ``compile()``, about 0.1 ms each). eventhub has some 660 rules,
so every ``create_app`` spent most of its time there (about 120 ms of 130 ms, measured with
cProfile), although a process builds URLs for a few dozen endpoints. Matching is untouched:
only the builder, which ``url_for`` calls, waits for its first use.
"""
from __future__ import annotations

from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    def _compile_builder(self, append_unknown: bool = True):
        compile_now = super()._compile_builder
        compiled = []

        def build(rule, **values):
            # Two threads may both compile it the first time; either result is the same.
            if not compiled:
                compiled.append(compile_now(append_unknown).__get__(rule, None))
            return compiled[0](**values)

        return build
