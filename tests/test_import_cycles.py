"""One direction of dependency inside the package: no module imports, directly or
through others, a module that imports it back. Every import counts, also the ones
inside functions (a cycle "broken" by a function-local import is still a cycle: it
only moves the failure to run time and hides the tangle)."""
from __future__ import annotations

import ast
from pathlib import Path

import eventhub

PACKAGE = Path(eventhub.__file__).parent

#: Cycles not (yet) broken, each with its reason. Nothing else may appear.
KNOWN_CYCLES = {
    # Team changes end sessions (services) and record to the audit log, services add
    # creators to teams, the audit log scopes its lists by team: the accounts and audit
    # domains are being reworked on other branches (teams, authoring); left to them.
    frozenset({"eventhub.accounts.services", "eventhub.accounts.teams", "eventhub.audit.services"}),
    # History time stamps (timezones.format_stamp) use the language's list comma, the
    # zone-name filter (i18n.zone_name) the zone names: landed by the i18n branch at the
    # end of the session; one of the two belongs in a leaf module.
    frozenset({"eventhub.i18n", "eventhub.timezones"}),
}


def module_names() -> dict[str, tuple[Path, str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
            package = ".".join(parts)
        else:
            package = ".".join(parts[:-1])
        modules[".".join(parts)] = (path, package)
    return modules


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    graph = {}
    for name, (path, package) in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    if node.level > 1:
                        base = base[:-(node.level - 1)]
                    source = ".".join(base) + (f".{node.module}" if node.module else "")
                else:
                    source = node.module
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    targets.add(submodule if submodule in modules else source)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively; components of more than one module."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_the_checker_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(graph) == [{"a", "b", "c"}]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_function_local_imports():
    graph = import_graph()
    # both imports are inside functions
    assert "eventhub.invitations.delivery" in graph["eventhub.invitations.tasks"]
    assert "eventhub.inputs.indexing" in graph["eventhub.inputs.models.input"]


def test_no_import_cycles():
    cycles = [frozenset(component) for component in strongly_connected(import_graph())]
    unexpected = [sorted(cycle) for cycle in cycles if cycle not in KNOWN_CYCLES]
    assert unexpected == [], unexpected
