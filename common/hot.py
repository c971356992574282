"""Rows for the few lookups every learner page makes, without building an ORM query.

Building and compiling a Django queryset costs more Python time than
PostgreSQL spends answering these one-table lookups (about 0.5 ms against
0.1 ms on the benchmark machine). `rows_where` runs a written-out WHERE
through Django's raw(), so values are converted and instances built as usual,
and only on one table by its indexed columns. Use it where a page's speed
depends on it (its callers say so); everywhere else the ORM reads better.
"""

from __future__ import annotations

from django.db import models


def rows_where(
    model: type[models.Model],
    where: str,
    params: list,
    *,
    columns: str = "",
    column_params: tuple = (),
) -> list:
    """Instances of `model` whose row matches `where` (SQL with %s parameters; may end
    in ORDER BY / LIMIT). `columns` adds computed columns (", (SELECT …) AS name"),
    which become attributes; the table is named by its own name in them."""
    table = model._meta.db_table
    sql = f"SELECT {table}.*{columns} FROM {table} WHERE {where}"  # noqa: S608
    return list(model.objects.raw(sql, [*column_params, *params]))


def placeholders(values) -> str:
    """ "%s, %s, …" for an IN (…) of `values` (at least one)."""
    return ", ".join(["%s"] * len(values))
