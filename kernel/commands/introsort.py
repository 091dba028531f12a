""".NET's unstable sort (the introspective sort of `List<T>.Sort(IComparer<T>)`), step for step.

Sort-Object without -Stable, -Top or -Bottom sorts with `List.Sort`, which does not keep equal
elements in input order; -Unique then keeps the first of each run of equal elements. Which of two
equal objects pwsh prints, and in which order, is therefore decided by this algorithm (insertion
sort up to 16 elements, except that 2 and 3 elements are ordered by compare-and-swap; median-of-three
quicksort above; heapsort past the depth limit), so Python's stable sort cannot stand in for it.
"""

from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")
Compare = Callable[[T, T], int]

_SMALL = 16  # IntrosortSizeThreshold


def introsort(items: list[T], compare: Compare[T]) -> None:
    """Sort `items` in place exactly as .NET's ArraySortHelper does."""
    n = len(items)
    if n > 1:
        _intro(items, 0, n, 2 * n.bit_length(), compare)  # 2 * (floor(log2 n) + 1)


def _swap_if_greater(a: list[T], i: int, j: int, compare: Compare[T]) -> None:
    if compare(a[i], a[j]) > 0:
        a[i], a[j] = a[j], a[i]


def _intro(a: list[T], lo: int, size: int, depth: int, compare: Compare[T]) -> None:
    while size > 1:
        if size <= _SMALL:
            if size == 2:
                _swap_if_greater(a, lo, lo + 1, compare)
            elif size == 3:
                _swap_if_greater(a, lo, lo + 1, compare)
                _swap_if_greater(a, lo, lo + 2, compare)
                _swap_if_greater(a, lo + 1, lo + 2, compare)
            else:
                _insertion(a, lo, size, compare)
            return
        if depth == 0:
            _heapsort(a, lo, size, compare)
            return
        depth -= 1
        p = _partition(a, lo, size, compare)
        _intro(a, lo + p + 1, size - p - 1, depth, compare)
        size = p


def _insertion(a: list[T], lo: int, size: int, compare: Compare[T]) -> None:
    for i in range(size - 1):
        t = a[lo + i + 1]
        j = i
        while j >= 0 and compare(t, a[lo + j]) < 0:
            a[lo + j + 1] = a[lo + j]
            j -= 1
        a[lo + j + 1] = t


def _partition(a: list[T], lo: int, size: int, compare: Compare[T]) -> int:
    """Median-of-three pivot; returns the pivot's final index relative to `lo`."""
    hi = size - 1
    middle = hi >> 1
    _swap_if_greater(a, lo, lo + middle, compare)
    _swap_if_greater(a, lo, lo + hi, compare)
    _swap_if_greater(a, lo + middle, lo + hi, compare)
    pivot = a[lo + middle]
    a[lo + middle], a[lo + hi - 1] = a[lo + hi - 1], a[lo + middle]
    left, right = 0, hi - 1
    while left < right:
        # the median-of-three ends stop both scans; the bounds only matter for a comparison that contradicts
        # itself (where .NET throws), so that it gives some order instead of an IndexError
        left += 1
        while left < hi and compare(a[lo + left], pivot) < 0:
            left += 1
        right -= 1
        while right > 0 and compare(pivot, a[lo + right]) < 0:
            right -= 1
        if left >= right:
            break
        a[lo + left], a[lo + right] = a[lo + right], a[lo + left]
    if left != hi - 1:
        a[lo + left], a[lo + hi - 1] = a[lo + hi - 1], a[lo + left]
    return left


def _heapsort(a: list[T], lo: int, n: int, compare: Compare[T]) -> None:
    for i in range(n >> 1, 0, -1):
        _down_heap(a, lo, i, n, compare)
    for i in range(n, 1, -1):
        a[lo], a[lo + i - 1] = a[lo + i - 1], a[lo]
        _down_heap(a, lo, 1, i - 1, compare)


def _down_heap(a: list[T], lo: int, i: int, n: int, compare: Compare[T]) -> None:
    d = a[lo + i - 1]
    while i <= n >> 1:
        child = 2 * i
        if child < n and compare(a[lo + child - 1], a[lo + child]) < 0:
            child += 1
        if not compare(d, a[lo + child - 1]) < 0:
            break
        a[lo + i - 1] = a[lo + child - 1]
        i = child
    a[lo + i - 1] = d
