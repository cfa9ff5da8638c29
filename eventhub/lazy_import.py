"""``lazy_module(name)``: a module that is executed when one of its attributes is first
read (the standard library's ``importlib.util.LazyLoader``). For a module-level name that
only some calls use, where an import inside each function would repeat itself: a domain's
``cli`` module keeps ``services.x(...)`` while ``flask --help`` imports no service."""
from __future__ import annotations

import importlib.util
import sys


def lazy_module(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return module
