"""The dependency graph of behov and projekt (R22): cycles and a start order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from avoplan.models.portfolio import Portfolio

Graph = Mapping[str, list[str]]


class Dependent(Protocol):
    """A behov or projekt, or its row on the priority list (`poster.Post`)."""

    @property
    def id(self) -> str: ...
    @property
    def beroenden(self) -> Sequence[str]: ...


def dependency_graph(portfolio: Portfolio) -> dict[str, list[str]]:
    """item id -> ids it depends on; references to unknown ids are left to `check`."""
    return graph_of([*portfolio.behov.values(), *portfolio.projekt.values()])


def graph_of(items: Sequence[Dependent]) -> dict[str, list[str]]:
    """As `dependency_graph`, over every behov and projekt of a portfolio."""
    known = {item.id for item in items}
    # Most items depend on nothing: no comprehension run for them.
    return {
        item.id: [d for d in item.beroenden if d in known] if item.beroenden else []
        for item in items
    }


def cycles(graph: Graph) -> list[list[str]]:
    """Every strongly connected group that loops, each listed from its smallest id
    (Tarjan's algorithm, iterative so a long chain cannot exhaust the stack)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        if not graph[root]:  # depends on nothing: a group of its own that does not loop
            index[root] = low[root] = len(index)
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = _pop_group(stack, on_stack, node)
                if len(group) > 1 or node in graph.get(node, ()):
                    found.append(_rotate(group, graph))
    return sorted(found)


def _pop_group(stack: list[str], on_stack: set[str], node: str) -> list[str]:
    group: list[str] = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        group.append(member)
        if member == node:
            return group


def _rotate(group: list[str], graph: Graph) -> list[str]:
    """The group in dependency order, starting at its smallest id."""
    members = set(group)
    start = min(group)
    order = [start]
    while len(order) < len(group):
        nxt = next((d for d in graph.get(order[-1], ()) if d in members and d not in order), None)
        if nxt is None:
            order += sorted(members - set(order))
            break
        order.append(nxt)
    return order


def respecting_dependencies(ranked: Iterable[str], graph: Graph) -> list[str]:
    """`ranked` reordered as little as possible so nothing comes before what it depends
    on (among the ranked ids). Items in a cycle keep their rank among themselves."""
    order = list(ranked)
    wanted = set(order)
    placed: list[str] = []
    done: set[str] = set()
    visiting: set[str] = set()

    def place(item: str) -> None:
        if item in done or item in visiting:
            return
        visiting.add(item)
        for dep in sorted(graph.get(item, ()), key=_position(order)):
            if dep in wanted:
                place(dep)
        visiting.discard(item)
        done.add(item)
        placed.append(item)

    for item in order:
        place(item)
    return placed


def _position(order: list[str]) -> Callable[[str], int]:
    ranks = {item: i for i, item in enumerate(order)}
    return lambda item: ranks.get(item, len(ranks))


def reachable(graph: Graph, start: str) -> set[str]:
    """Every id `start` depends on, directly or through others (never `start` itself
    unless it lies on a cycle)."""
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        item = todo.pop()
        if item not in seen:
            seen.add(item)
            todo += graph.get(item, ())
    return seen


def restricted(graph: Graph, keep: Iterable[str]) -> dict[str, list[str]]:
    """The graph among `keep` only, where an edge stands for any path through the rest, so
    a dependency that runs through an item outside `keep` still orders the kept ones."""
    kept = set(keep)
    return {item: sorted((reachable(graph, item) & kept) - {item}) for item in sorted(kept)}
