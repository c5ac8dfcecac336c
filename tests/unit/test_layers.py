"""The code's layers, read from its imports (every import statement, at the top of a module, inside a
function or for type checking): no import circle, and none running back up the layers.

    core (alliance_atlas)  <-  alliance_atlas.hosting  <-  components  <-  app  <-  alliance_atlas.commands
"""

import ast

import networkx as nx

from tests.conftest import ROOT

PACKAGES = ("alliance_atlas", "components")


def module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> nx.DiGraph:
    """Module -> each module of the project it imports."""
    paths = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")] + [ROOT / "app.py"]
    modules = {module_name(path): path for path in paths}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            # a submodule's import of its own package's name is how Python reaches the submodule, not a cycle
            graph.add_edges_from((name, target) for target in targets
                                 if target in modules and target != name and not name.startswith(target + "."))
    return graph


#: The layers above the core, lowest first.
LAYERS = ("alliance_atlas.hosting", "components", "app", "alliance_atlas.commands")


def layer(module: str) -> int:
    return next((number for number, top in enumerate(LAYERS, 1) if module == top or module.startswith(top + ".")), 0)


GRAPH = imports()


def test_the_graph_is_read_from_the_code():
    assert GRAPH.has_edge("alliance_atlas.frames", "alliance_atlas.selection")
    assert GRAPH.has_edge("alliance_atlas.commands.cli", "app"), "a function-level import counts"
    assert layer("alliance_atlas.blocs") < layer("alliance_atlas.hosting.datasets") < layer("components.upload") \
        < layer("app") < layer("alliance_atlas.commands.cli")


def test_no_module_imports_itself_round_a_circle():
    assert list(nx.simple_cycles(GRAPH)) == []


def test_no_import_runs_back_up_the_layers():
    upward = sorted((a, b) for a, b in GRAPH.edges if layer(b) > layer(a))
    assert upward == []
